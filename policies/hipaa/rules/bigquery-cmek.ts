import * as gcp from "@pulumi/gcp";
import type { Unwrap } from "@pulumi/pulumi";
import { ENCRYPTION_AT_REST } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";

type Props = Unwrap<gcp.bigquery.DatasetArgs> & Unwrap<gcp.bigquery.TableArgs>;

/** A dataset's default CMEK applies to every table created in it, including streamed ones. */
export const bigqueryCmek = resourceRule<Props>({
  id: "hipaa-bigquery-cmek",
  description: "BigQuery datasets holding PHI/PII set a customer-managed default encryption key; tables that name their own key name a Cloud KMS key.",
  severity: "high",
  controls: ENCRYPTION_AT_REST,
  remediation: "Set `defaultEncryptionConfiguration.kmsKeyName` on the dataset (the BigQuery service account needs cryptoKeyEncrypterDecrypter on the key); a table's `encryptionConfiguration` must carry `kmsKeyName`.",
  appliesTo: [gcp.bigquery.Dataset, gcp.bigquery.Table],
  check: (props, args, finding) => {
    if (!resourceFacts(args).sensitive) return;
    if (args.isType(gcp.bigquery.Dataset)) {
      if (!props.defaultEncryptionConfiguration?.kmsKeyName) finding("the dataset has no defaultEncryptionConfiguration.kmsKeyName (tables get Google-managed keys)");
    } else if (props.encryptionConfiguration && !props.encryptionConfiguration.kmsKeyName) {
      finding("the table's encryptionConfiguration names no kmsKeyName");
    }
  },
});
