/**
 * The framework controls the rules map to. Rules reference these constants (never free text)
 * so the compliance report's control matrix can list every control with the rules that
 * check it, and a test can prove every HIPAA/GDPR control here is checked by some rule.
 */
import type { Control } from "./types";
import { JURISDICTIONS, JURISDICTION_TABLE, type Jurisdiction } from "../../stacks/jurisdictions";

const control = (framework: Control["framework"], id: string, title: string): Control => ({ framework, id, title });

/** HIPAA Security Rule, 45 CFR Part 164 Subpart C (administrative 164.308, technical 164.312). */
export const HIPAA = {
  riskManagement: control("HIPAA", "164.308(a)(1)(ii)(B)", "Risk management"),
  activityReview: control("HIPAA", "164.308(a)(1)(ii)(D)", "Information system activity review"),
  accessManagement: control("HIPAA", "164.308(a)(4)(i)", "Information access management"),
  backupPlan: control("HIPAA", "164.308(a)(7)(ii)(A)", "Data backup plan"),
  disasterRecovery: control("HIPAA", "164.308(a)(7)(ii)(B)", "Disaster recovery plan"),
  accessControl: control("HIPAA", "164.312(a)(1)", "Access control"),
  uniqueUser: control("HIPAA", "164.312(a)(2)(i)", "Unique user identification"),
  encryptionAtRest: control("HIPAA", "164.312(a)(2)(iv)", "Encryption and decryption"),
  auditControls: control("HIPAA", "164.312(b)", "Audit controls"),
  integrity: control("HIPAA", "164.312(c)(1)", "Integrity"),
  authentication: control("HIPAA", "164.312(d)", "Person or entity authentication"),
  transmissionSecurity: control("HIPAA", "164.312(e)(1)", "Transmission security"),
  transmissionEncryption: control("HIPAA", "164.312(e)(2)(ii)", "Encryption (in transit)"),
} as const;

/** GDPR (Regulation (EU) 2016/679). */
export const GDPR = {
  storageLimitation: control("GDPR", "Art. 5(1)(e)", "Storage limitation"),
  integrityConfidentiality: control("GDPR", "Art. 5(1)(f)", "Integrity and confidentiality"),
  byDesign: control("GDPR", "Art. 25", "Data protection by design and by default"),
  records: control("GDPR", "Art. 30", "Records of processing activities"),
  encryption: control("GDPR", "Art. 32(1)(a)", "Security of processing: pseudonymisation and encryption"),
  resilience: control("GDPR", "Art. 32(1)(b)", "Security of processing: confidentiality, integrity, availability and resilience"),
  restore: control("GDPR", "Art. 32(1)(c)", "Security of processing: restore availability and access after an incident"),
  breachDetection: control("GDPR", "Art. 33", "Notification of a personal data breach (detection needs audit trails)"),
  transfers: control("GDPR", "Art. 44", "General principle for transfers to third countries"),
} as const;

/** California Consumer Privacy Act, Cal. Civ. Code. */
export const CCPA = {
  collection: control("CCPA", "1798.100", "Notice at collection: purposes and retention of personal information"),
  deletion: control("CCPA", "1798.105", "Right to delete personal information"),
  security: control("CCPA", "1798.150", "Reasonable security procedures (breach liability)"),
} as const;

/** Singapore Personal Data Protection Act 2012. */
export const PDPA = {
  protection: control("PDPA", "s.24", "Protection of personal data"),
  retention: control("PDPA", "s.25", "Retention of personal data"),
  transfer: control("PDPA", "s.26", "Transfer of personal data outside Singapore"),
} as const;

/** The program's own security baseline (DESIGN principles), for rules no framework names. */
export const SECURITY = {
  placement: control("Security", "SC-1", "Deterministic placement of resources (project, account, region)"),
  labels: control("Security", "SC-2", "Resources carry ownership and environment labels"),
  workloads: control("Security", "SC-3", "Hardened container workloads"),
  network: control("Security", "SC-4", "Network segmentation and private endpoints"),
  residency: control("Security", "SC-5", "Data stays in the regions its jurisdiction allows"),
  secrets: control("Security", "SC-6", "Secrets stay out of plain configuration"),
} as const;

/** Every control of the catalog, in report order. */
export const ALL_CONTROLS: readonly Control[] = [
  ...Object.values(HIPAA),
  ...Object.values(GDPR),
  ...Object.values(CCPA),
  ...Object.values(PDPA),
  ...Object.values(SECURITY),
];

/** Common control sets, so rules of one family map alike. */
export const ENCRYPTION_AT_REST: readonly Control[] = [HIPAA.encryptionAtRest, GDPR.encryption, CCPA.security, PDPA.protection];
export const ENCRYPTION_IN_TRANSIT: readonly Control[] = [HIPAA.transmissionSecurity, HIPAA.transmissionEncryption, GDPR.encryption, CCPA.security, PDPA.protection];
export const KEY_MANAGEMENT: readonly Control[] = [HIPAA.encryptionAtRest, GDPR.encryption, PDPA.protection];
export const AUDIT_LOGGING: readonly Control[] = [HIPAA.auditControls, HIPAA.activityReview, GDPR.breachDetection, CCPA.security];
export const BACKUP: readonly Control[] = [HIPAA.backupPlan, HIPAA.disasterRecovery, GDPR.restore, GDPR.resilience];
export const ACCESS: readonly Control[] = [HIPAA.accessControl, HIPAA.accessManagement, GDPR.byDesign, GDPR.integrityConfidentiality, CCPA.security, PDPA.protection];
export const NETWORK: readonly Control[] = [HIPAA.transmissionSecurity, HIPAA.accessControl, GDPR.byDesign, SECURITY.network];
export const WORKLOADS: readonly Control[] = [HIPAA.riskManagement, HIPAA.integrity, GDPR.resilience, SECURITY.workloads];
/** The control a jurisdiction's cross-border transfer rule maps to (none where the law sets no residency rule here). */
export const TRANSFER_CONTROLS: Readonly<Record<Jurisdiction, Control | undefined>> = { gdpr: GDPR.transfers, ccpa: undefined, pdpa: PDPA.transfer, "hipaa-us": undefined, none: undefined };
/** Residency controls: the transfer controls of the jurisdictions stacks/jurisdictions.ts places data under, plus the program's own. */
export const RESIDENCY: readonly Control[] = [
  ...JURISDICTIONS.filter((j) => JURISDICTION_TABLE.some((r) => r.jurisdiction === j))
    .map((j) => TRANSFER_CONTROLS[j])
    .filter((c): c is Control => c !== undefined),
  SECURITY.residency,
];
export const STORAGE_LIMITATION: readonly Control[] = [GDPR.storageLimitation, CCPA.deletion, PDPA.retention];
export const RECORDS: readonly Control[] = [GDPR.records, CCPA.collection];
