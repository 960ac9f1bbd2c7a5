import * as gcp from "@pulumi/gcp";
import { ACCESS, HIPAA } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { get, str, type Props } from "../../lib/values";

const DEFAULT_ACCOUNT = /(-compute@developer\.gserviceaccount\.com|@appspot\.gserviceaccount\.com)$/;

/** The default compute account holds roles/editor on the project: workloads run as their own account. */
export const gcpDedicatedServiceAccounts = resourceRule<Props>({
  id: "baseline-gcp-dedicated-service-accounts",
  description: "Cloud Run services and Cloud Functions run as a dedicated service account, never the default compute or App Engine account.",
  severity: "high",
  controls: [...ACCESS, HIPAA.uniqueUser],
  remediation: "Create a `gcp.serviceaccount.Account` per workload and set `template.serviceAccount` (Cloud Run v2) or `serviceConfig.serviceAccountEmail` (Cloud Functions v2) to its email; grant it only what it needs.",
  appliesTo: [gcp.cloudrunv2.Service, gcp.cloudfunctionsv2.Function, gcp.cloudfunctions.Function, gcp.cloudrun.Service],
  check: (props, args, finding) => {
    const account = args.isType(gcp.cloudrunv2.Service)
      ? str(get(props, "template", "serviceAccount"))
      : args.isType(gcp.cloudfunctionsv2.Function)
        ? str(get(props, "serviceConfig", "serviceAccountEmail"))
        : args.isType(gcp.cloudrun.Service)
          ? str(get(props, "template", "spec", "serviceAccountName"))
          : str(props.serviceAccountEmail);
    if (!account) finding("no service account set: the workload runs as the project's default compute account");
    else if (DEFAULT_ACCOUNT.test(account)) finding(`runs as the default account ${account}`);
  },
});
