import { z } from "zod";
import { isIsoDate } from "../plan-date";

/**
 * `neurastack:confirmRemoval`: removals a production update may make, each confirmed with the
 * date it was decided, e.g. `{ "region:eu-west-1": "2026-12-02" }`. Keys name what the
 * previous update deployed (stacks/inventory.ts): `system:<name>`, `region:<aws region>`,
 * `store:<system>@<location>`. A date counts for REMOVAL_CONFIRMATION_DAYS days up to the plan
 * date (stacks/inventory.ts checks it), so a forgotten key cannot confirm a later accident.
 */
export const REMOVAL_KEY = /^(system:[A-Za-z]+|region:[a-z0-9-]+|store:[A-Za-z]+@[A-Za-z0-9-]+)$/;

export const confirmRemoval = z
  .record(
    z.string(),
    z.string().refine(isIsoDate, { error: (issue) => `${JSON.stringify(issue.input)} is not a calendar date (YYYY-MM-DD): the day the removal was decided` }),
  )
  .superRefine((value, ctx) => {
    // Keys are checked here, not by the record's key schema, so the message names the key.
    for (const key of Object.keys(value)) {
      if (!REMOVAL_KEY.test(key)) {
        ctx.addIssue({ code: "custom", path: [key], input: key, message: `${JSON.stringify(key)} is not a removal key (system:<name>, region:<aws region> or store:<system>@<location>)` });
      }
    }
  });
export type ConfirmRemoval = z.infer<typeof confirmRemoval>;
