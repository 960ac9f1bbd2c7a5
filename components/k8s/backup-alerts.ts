/** Alert rules over backup CronJobs, shared by the systems that back up (ZKP, NCA). */
import type { AlertRule } from "./prometheus";

/**
 * Backup health of a namespace's backup CronJobs (kube-state-metrics job and cronjob series; a
 * CronJob's Jobs are named `<cronjob>-<minutes>`): a failed, stale or never successful
 * verification is critical (the backups may not restore), a failed backup a warning.
 */
export function backupRules(namespace: string, jobs: { readonly verify: readonly string[]; readonly backups: readonly string[] }, staleHours: number, prefix: string): AlertRule[] {
  const ns = `namespace="${namespace}"`;
  const verify = jobs.verify.join("|");
  return [
    {
      alert: `${prefix}BackupVerificationFailed`,
      expr: `max by (job_name) (kube_job_status_failed{${ns}, job_name=~"(${verify})-[0-9]+"}) > 0`,
      for: "1m",
      labels: { severity: "critical" },
      annotations: { summary: "The latest backup did not restore and verify", runbook: `kubectl logs job/<failed job> -n ${namespace}; the backup set may be incomplete or corrupt` },
    },
    {
      alert: `${prefix}BackupVerificationStale`,
      expr: `time() - max by (cronjob) (kube_cronjob_status_last_successful_time{${ns}, cronjob=~"${verify}"}) > ${staleHours * 3600}`,
      for: "10m",
      labels: { severity: "critical" },
      annotations: { summary: `No successful backup verification for ${staleHours} hours`, runbook: `kubectl get cronjob,jobs -n ${namespace}` },
    },
    {
      alert: `${prefix}BackupVerificationNeverSucceeded`,
      expr: `kube_cronjob_info{${ns}, cronjob=~"${verify}"} unless on (cronjob) kube_cronjob_status_last_successful_time{${ns}}`,
      for: `${staleHours}h`,
      labels: { severity: "critical" },
      annotations: { summary: `A backup verification has not succeeded once in ${staleHours} hours`, runbook: `kubectl get cronjob,jobs -n ${namespace}` },
    },
    {
      alert: `${prefix}BackupFailed`,
      expr: `max by (job_name) (kube_job_status_failed{${ns}, job_name=~"(${jobs.backups.join("|")})-[0-9]+"}) > 0`,
      for: "1m",
      labels: { severity: "warning" },
      annotations: { summary: "A backup job failed", runbook: `kubectl logs job/<failed job> -n ${namespace}` },
    },
  ];
}

