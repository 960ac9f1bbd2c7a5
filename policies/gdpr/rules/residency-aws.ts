import * as aws from "@pulumi/aws";
import { residencyAllows, residencyRule } from "../../../stacks/regions";
import { downgradeProblem, effectiveJurisdiction } from "../../../stacks/jurisdictions";
import { RESIDENCY } from "../../lib/controls";
import { awsRegionInfo, awsRegionOf, cloudOf, jurisdictionOf } from "../../lib/facts";
import { DATA_STORES } from "../../lib/inventory";
import { stackRule, typeToken } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { records, str, type Props } from "../../lib/values";

const SECRET = typeToken(aws.secretsmanager.Secret);
const TYPES = [...DATA_STORES.filter((t) => cloudOf(t) === "aws"), SECRET];

/** Regions a store keeps data in: its own (provider or `region`), plus in-resource replicas. */
function regionsOf(type: string, props: Props, home: string | undefined): string[] {
  const out = home ? [home] : [];
  if (type === SECRET) out.push(...records(props.replicas).map((r) => str(r.region) ?? ""));
  if (type === "aws:dynamodb/table:Table") out.push(...records(props.replicas).map((r) => str(r.regionName) ?? ""));
  return out.filter((r) => r !== "");
}

/** AWS stores in the region of their provider (one provider per region), checked against their jurisdiction (the tag, never weaker than the region's own). */
export const residencyAws = stackRule({
  id: "gdpr-residency-aws",
  description: "AWS data stores live (and keep in-resource replicas) only in regions their jurisdiction allows (gdpr: EU; ccpa: US/Canada; pdpa: Singapore).",
  severity: "critical",
  controls: RESIDENCY,
  resourceTypes: TYPES,
  remediation: "Create the store with the AWS provider of a region its jurisdiction allows (stacks/regions.ts), or correct its `jurisdiction` tag; keep replicas in the same jurisdiction.",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    for (const store of view.ofType(...TYPES)) {
      const label = jurisdictionOf(view.factLabels(store));
      const props = store.props as Props;
      const home = awsRegionOf(props, store.provider);
      // The label may add obligations, never remove the region's own (stacks/jurisdictions.ts):
      // a store labelled `none` in an EU region is still GDPR data.
      const downgrade = label && home ? downgradeProblem(label, "aws", home) : undefined;
      if (downgrade) finding(`${store.name} is labelled jurisdiction=${label} in ${home}: ${downgrade}`, store.urn);
      const jurisdiction = home ? effectiveJurisdiction(label, "aws", home) : label;
      if (!jurisdiction || jurisdiction === "none") continue;
      if (!home) finding(`${store.name} (${jurisdiction}) has no region (provider without region)`, store.urn);
      for (const region of regionsOf(store.type, props, home)) {
        const info = awsRegionInfo(region);
        if (!info) finding(`${store.name} (${jurisdiction}) is in ${region}, a region the catalog does not know`, store.urn);
        else if (!residencyAllows(jurisdiction, info)) finding(`${store.name} (${jurisdiction}) stores data in ${region}: ${residencyRule(jurisdiction)}`, store.urn);
      }
    }
  },
});
