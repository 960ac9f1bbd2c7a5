import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import type { PolicyResource } from "@pulumi/policy";
import { AUDIT_LOGGING } from "../../lib/controls";
import { awsRegionOf, cloudOf, gcpProjectOf, isPhi } from "../../lib/facts";
import { DATA_STORES, UNLABELLED_STORES } from "../../lib/inventory";
import { stackRule, typeToken } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { bool, records, str, type Props } from "../../lib/values";

const AUDIT_CONFIG = typeToken(gcp.projects.IAMAuditConfig);
const TRAIL = typeToken(aws.cloudtrail.Trail);

/** Services whose data-access logs cover a store type ("allServices" covers all). */
const AUDITED_SERVICES: Readonly<Record<string, readonly string[]>> = {
  "gcp:bigtable/instance:Instance": ["bigtable.googleapis.com", "bigtableadmin.googleapis.com"],
  "gcp:bigtable/table:Table": ["bigtable.googleapis.com", "bigtableadmin.googleapis.com"],
  "gcp:bigquery/dataset:Dataset": ["bigquery.googleapis.com"],
  "gcp:bigquery/table:Table": ["bigquery.googleapis.com"],
  "gcp:firestore/database:Database": ["datastore.googleapis.com", "firestore.googleapis.com"],
  "gcp:pubsub/topic:Topic": ["pubsub.googleapis.com"],
  "gcp:storage/bucket:Bucket": ["storage.googleapis.com"],
};

/** Project -> services with DATA_READ and DATA_WRITE audit logs. */
function auditedServices(view: StackView): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of view.ofType(AUDIT_CONFIG)) {
    const p = c.props as Props;
    const types = new Set(records(p.auditLogConfigs).map((l) => str(l.logType)));
    if (!types.has("DATA_READ") || !types.has("DATA_WRITE")) continue;
    const project = (str(p.project) ?? "").replace(/^projects\//, "");
    const set = out.get(project) ?? new Set<string>();
    set.add(str(p.service) ?? "");
    out.set(project, set);
  }
  return out;
}

/** ARN account of a resource's outputs (`arn:aws:<svc>:<region>:<account>:...`). */
function accountOf(r: PolicyResource): string | undefined {
  const arn = str((r.props as Props).arn);
  return arn?.split(":")[4] || undefined;
}

/**
 * HIPAA audit controls: a GCP project holding PHI has data-access (DATA_READ, DATA_WRITE)
 * audit logs for the store's service; an AWS account/region holding PHI has a logging
 * CloudTrail trail (multi-region or in that region).
 */
export const phiAuditLogging = stackRule({
  id: "hipaa-phi-audit-logging",
  description: "Every GCP project and AWS account holding PHI records data access: data-access audit logs (GCP) and an active CloudTrail trail (AWS).",
  severity: "high",
  controls: AUDIT_LOGGING,
  resourceTypes: [...DATA_STORES, ...UNLABELLED_STORES, AUDIT_CONFIG, TRAIL],
  remediation: "GCP: add `gcp.projects.IAMAuditConfig` for the project with service `allServices` (or the store's API) and log types DATA_READ and DATA_WRITE. AWS: add an `aws.cloudtrail.Trail` with `isMultiRegionTrail: true`, log file validation and a KMS key.",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const audited = auditedServices(view);
    const trails = view.ofType(TRAIL).filter((t) => bool((t.props as Props).enableLogging) !== false);
    for (const store of view.ofType(...DATA_STORES, ...UNLABELLED_STORES)) {
      if (!isPhi(view.factLabels(store))) continue;
      const props = store.props as Props;
      if (cloudOf(store.type) === "gcp") {
        const project = gcpProjectOf(props, store.provider) ?? "(unknown project)";
        const services = audited.get(project) ?? new Set<string>();
        const needed = AUDITED_SERVICES[store.type] ?? [];
        if (!services.has("allServices") && !needed.some((s) => services.has(s))) {
          finding(`PHI store ${store.name} is in project ${project}, which has no DATA_READ/DATA_WRITE audit config for ${needed[0] ?? "its service"} or allServices`, store.urn);
        }
      } else if (cloudOf(store.type) === "aws") {
        const account = accountOf(store);
        const region = awsRegionOf(props, store.provider);
        const covered = trails.some((t) => {
          const tp = t.props as Props;
          const sameAccount = !account || accountOf(t) === undefined || accountOf(t) === account;
          const sameRegion = bool(tp.isMultiRegionTrail) === true || awsRegionOf(tp, t.provider) === region;
          return sameAccount && sameRegion;
        });
        if (!covered) finding(`PHI store ${store.name} (account ${account ?? "?"}, ${region ?? "?"}) has no CloudTrail trail recording access`, store.urn);
      }
    }
  },
});
