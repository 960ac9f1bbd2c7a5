/**
 * The pipeline's BigQuery dataset (guide: BIGQUERY_LOCATION, default US), encrypted by default
 * with a CMEK key in the dataset's location. The dataset's access list is authoritative: the
 * API's service account may read and write tables (WRITER, which includes creating them during
 * bootstrap), the admin group owns the dataset when configured, and nobody else is listed (no
 * projectReaders/projectWriters defaults). Running queries needs the project-level job role,
 * which grants no data access by itself; the guide's roles/bigquery.admin is not granted.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { grantRole } from "../../gcp/iam";
import type { Labels } from "../../labels";
import { ENCRYPTER_DECRYPTER } from "./keys";
import { childOpts, statefulOpts, type Placement } from "./placement";

export const JOB_USER = "roles/bigquery.jobUser";
/** Seven days of time travel, BigQuery's maximum: the window to undo a bad bootstrap. */
export const TIME_TRAVEL_HOURS = 168;

export interface PipelineDatasetArgs {
  readonly placement: Placement;
  readonly datasetId: string;
  /** BigQuery location (US, EU or a region). */
  readonly location: string;
  /** CMEK key in the dataset's location. */
  readonly kmsKey: gcp.kms.CryptoKey;
  /** The API's service account e-mail (dataset WRITER, project job user). */
  readonly writerEmail: pulumi.Input<string>;
  /** Default partition expiration in days (old partitions of partitioned tables are dropped). */
  readonly partitionExpirationDays: number;
  /** Group e-mail of the dataset owners; none when undefined. */
  readonly adminGroup?: string;
  readonly labels: Labels;
}

export class PipelineDataset extends pulumi.ComponentResource {
  readonly dataset: gcp.bigquery.Dataset;

  constructor(name: string, args: PipelineDatasetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:convergence:PipelineDataset", name, {}, opts);
    const { placement } = args;
    const protectedData = placement.config.protection.deletionProtection;

    // BigQuery encrypts with its per-project encryption service account; it must hold the key first.
    const bigquery = gcp.bigquery.getDefaultServiceAccountOutput({ project: placement.project }, { parent: this, provider: placement.provider });
    const keyGrant = grantRole(`${name}-cmek`, pulumi.interpolate`serviceAccount:${bigquery.email}`, { kind: "kmsCryptoKey", cryptoKeyId: args.kmsKey.id, role: ENCRYPTER_DECRYPTER }, childOpts(this, placement));

    const accesses: gcp.types.input.bigquery.DatasetAccess[] = [{ role: "WRITER", userByEmail: args.writerEmail }];
    if (args.adminGroup) accesses.push({ role: "OWNER", groupByEmail: args.adminGroup });

    this.dataset = new gcp.bigquery.Dataset(
      name,
      {
        datasetId: args.datasetId,
        project: placement.project,
        location: args.location,
        friendlyName: "Convergence data pipeline",
        description: "Tenants, API keys (KMS-encrypted) and pipeline data of the Convergence API.",
        defaultEncryptionConfiguration: { kmsKeyName: args.kmsKey.id },
        accesses,
        // Storage limitation: partitions age out; tables without partitions (tenants) are kept.
        defaultPartitionExpirationMs: args.partitionExpirationDays * 86_400_000,
        maxTimeTravelHours: String(TIME_TRAVEL_HOURS),
        deleteContentsOnDestroy: !protectedData,
        deletionPolicy: protectedData ? "PREVENT" : "DELETE",
        labels: args.labels,
      },
      statefulOpts(this, placement, { dependsOn: [keyGrant] }),
    );
    grantRole(`${name}-job-user`, pulumi.interpolate`serviceAccount:${args.writerEmail}`, { kind: "project", project: placement.project, role: JOB_USER }, childOpts(this, placement));
    this.registerOutputs({ datasetId: this.dataset.datasetId });
  }
}
