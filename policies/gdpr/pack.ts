import type { PackDefinition } from "../lib/types";
import { recordsOfProcessing } from "./rules/records-of-processing";
import { replicationWithinJurisdiction } from "./rules/replication-within-jurisdiction";
import { residencyAws } from "./rules/residency-aws";
import { residencyGcp } from "./rules/residency-gcp";
import { storageLimitation } from "./rules/storage-limitation";

/** GDPR (with CCPA and PDPA residency): data residency and replication, storage limitation, records of processing. */
export const gdprPack: PackDefinition = {
  name: "neurastack-gdpr",
  version: "0.1.0",
  enforcementLevel: "mandatory",
  rules: [
    // Residency (GDPR Art. 44, PDPA s.26, CCPA/HIPAA placement)
    residencyGcp, residencyAws, replicationWithinJurisdiction,
    // Storage limitation and records of processing
    storageLimitation, recordsOfProcessing,
  ],
};
