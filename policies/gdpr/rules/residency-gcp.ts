import * as gcp from "@pulumi/gcp";
import { residencyAllows, residencyRule, type Jurisdiction } from "../../../stacks/regions";
import { downgradeProblem, effectiveJurisdiction } from "../../../stacks/jurisdictions";
import { RESIDENCY } from "../../lib/controls";
import { cloudOf, gcpPlaceInfo, gcpPlacementOf, gcpRegionOfZone, jurisdictionOf } from "../../lib/facts";
import { DATA_STORES, UNLABELLED_STORES } from "../../lib/inventory";
import { stackRule, typeToken } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { type Props } from "../../lib/values";

const SECRET = typeToken(gcp.secretmanager.Secret);
const TYPES = [...DATA_STORES, ...UNLABELLED_STORES, SECRET].filter((t) => cloudOf(t) === "gcp" && t !== "gcp:bigtable/table:Table" && t !== "gcp:bigquery/table:Table");

/**
 * GDPR Art. 44 (and PDPA s.26, and the program's CCPA/HIPAA placement rule): a GCP store whose
 * jurisdiction (its label, else its system's stores') is not `none` keeps its data only in
 * locations that regime allows (stacks/regions.ts residencyAllows): every Bigtable cluster,
 * every secret replica, every Pub/Sub persistence region, dual-region members.
 */
export const residencyGcp = stackRule({
  id: "gdpr-residency-gcp",
  description: "GCP data stores keep and replicate data only in locations their jurisdiction allows (gdpr: EU; ccpa/hipaa-us: US/Canada; pdpa: Singapore).",
  severity: "critical",
  controls: RESIDENCY,
  resourceTypes: TYPES,
  remediation: "Place the store (location, cluster zones, replica locations) in regions of its jurisdiction; give Pub/Sub topics a `messageStoragePolicy.allowedPersistenceRegions` and secrets user-managed replicas in those regions.",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    for (const store of view.ofType(...TYPES)) {
      const label = jurisdictionOf(view.factLabels(store));
      const placement = gcpPlacementOf(store.type, store.props as Props, store.provider);
      // The label may add obligations, never remove a location's own (stacks/jurisdictions.ts):
      // the store is judged by the strictest obligation among its label and its locations.
      let jurisdiction: Jurisdiction | undefined = label;
      for (const location of placement.locations) {
        const place = gcpRegionOfZone(location);
        const downgrade = label ? downgradeProblem(label, "gcp", place) : undefined;
        if (downgrade) finding(`${store.name} is labelled jurisdiction=${label} but keeps data in ${placement.locations.join(", ")}: ${downgrade}`, store.urn);
        const effective = effectiveJurisdiction(label, "gcp", place);
        if (effective !== undefined && effective !== label && jurisdiction === label) jurisdiction = effective;
      }
      if (!jurisdiction || jurisdiction === "none") continue;
      if (placement.unbounded) finding(`${store.name} (${jurisdiction}): ${placement.unbounded}; ${residencyRule(jurisdiction)}`, store.urn);
      for (const location of placement.locations) {
        const info = gcpPlaceInfo(location);
        if (!info) finding(`${store.name} (${jurisdiction}) is in ${location}, a location the region catalog does not know`, store.urn);
        else if (!residencyAllows(jurisdiction, info)) finding(`${store.name} (${jurisdiction}) stores data in ${location}: ${residencyRule(jurisdiction)}`, store.urn);
      }
    }
  },
});
