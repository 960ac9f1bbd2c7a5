/**
 * The pipeline's BigQuery dataset (guide: BIGQUERY_LOCATION, default US), encrypted by default
 * with a CMEK key in the dataset's location. The dataset's access list is authoritative: the
 * API's service account may read and write tables (WRITER, which includes creating them during
 * bootstrap), the admin group owns the dataset when configured, and nobody else is listed (no
 * projectReaders/projectWriters defaults).
 *
 * The guide's bootstrap (POST /api/v1/admin/bootstrap) creates the tables, and creates the
 * dataset when missing; the API finds it through BIGQUERY_DATASET and BIGQUERY_LOCATION. The
 * project-level role is BigQuery User (roles/bigquery.user: run jobs, create datasets, list
 * tables; it reads no data by itself), not the guide's roles/bigquery.admin: table creation and
 * `force_recreate_tables` need only the dataset's WRITER access. `force_recreate_dataset` needs
 * bigquery.datasets.delete on this dataset, which only its OWNER has: the program owns the
 * dataset (CMEK, access list), so the API cannot drop it (docs/first-deploy.md).
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { grantRole } from "../../gcp/iam";
import type { Labels } from "../../labels";
import { propagationDelay } from "../../gcp/propagation";
import { ENCRYPTER_DECRYPTER } from "./keys";
import { childOpts, statefulOpts, type Placement } from "./placement";

/** Project-level role of the API (BigQuery access control: "roles/bigquery.user"). */
export const BIGQUERY_USER = "roles/bigquery.user";
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
      // BigQuery checks its encryption account's key access when the dataset is created.
      statefulOpts(this, placement, { dependsOn: [keyGrant, propagationDelay(`${name}-iam-propagation`, { provider: placement.timeProvider, kind: "iamGrant", after: [keyGrant] }, { parent: this })] }),
    );
    grantRole(`${name}-bigquery-user`, pulumi.interpolate`serviceAccount:${args.writerEmail}`, { kind: "project", project: placement.project, role: BIGQUERY_USER }, childOpts(this, placement));
    this.registerOutputs({ datasetId: this.dataset.datasetId });
  }
}
