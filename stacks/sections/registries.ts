import { z } from "zod";
import { positiveInt } from "./common";

/**
 * `neurastack:registries`: the container registries the systems' images live in (an ECR
 * repository per image per region that runs it, an Artifact Registry repository for the
 * Convergence API) and how long images are kept.
 */
export const registries = z.strictObject({
  /**
   * First deploy, step 1: build only the registries (and their keys), so CI can push the first
   * images and the stack file can pin their digests. Deployment inputs other than the
   * registries' own are not required in this phase. Turn it off for the full update; on a stack
   * that already runs the systems it would delete them (production refuses: they are protected).
   */
  bootstrap: z.boolean(),
  /**
   * Images kept per repository, newest first (ECR lifecycle `imageCountMoreThan`, Artifact
   * Registry cleanup `keepCount`). An image a stack pins must stay among them: keep at least
   * as many as the releases you may roll back to.
   */
  keepImages: z.number().int().min(1).max(10_000),
  /** Untagged images (superseded pushes, interrupted uploads) are deleted after this many days. */
  untaggedExpiryDays: positiveInt,
});
export type RegistriesConfig = z.infer<typeof registries>;

type Input = z.input<typeof registries>;
export const registriesPresets = {
  staging: { bootstrap: false, keepImages: 50, untaggedExpiryDays: 7 },
  production: { bootstrap: false, keepImages: 200, untaggedExpiryDays: 14 },
} satisfies Record<"staging" | "production", Input>;
