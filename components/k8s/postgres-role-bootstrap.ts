/**
 * Creates (or updates) an application role on a PostgreSQL whose master password only Secrets
 * Manager knows (PostgresDatabase: manageMasterUserPassword). A Kubernetes Job, under its own
 * IRSA role that may read exactly that secret, fetches the master credentials into a memory
 * volume (aws-cli init container) and runs idempotent SQL (psql container):
 *
 *   CREATE ROLE <user> LOGIN (if missing); ALTER ROLE <user> PASSWORD <app password>;
 *   CREATE SCHEMA IF NOT EXISTS <schema> AUTHORIZATION <user>; GRANT CONNECT/CREATE/TEMP ON DATABASE.
 *
 * The application password comes from a Kubernetes Secret the caller fills from
 * @pulumi/random, so the workload's credential is a Pulumi secret while the master password
 * never enters Pulumi state, a pod environment or a log. Applications connect as the role,
 * never as the master user (least privilege).
 *
 * With `role.auth: { kind: "iam" }` the role has no password at all and is granted `rds_iam`:
 * it can log in only with an RDS IAM authentication token (`rds-db:connect` on the role),
 * which is how SNN-Fusion's API connects (RDS user guide, "Creating a database account using
 * IAM authentication": `GRANT rds_iam TO db_user`).
 *
 * Re-running: the Job is replaced (delete, then create) whenever its spec changes; to rotate the
 * application password, replace the RandomPassword and bump `revision`.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import { IrsaServiceAccount } from "./irsa-service-account";
import { securePodSpec } from "./pod-security";

type Input<T> = pulumi.Input<T>;

export interface PostgresRoleBootstrapArgs {
  /** Namespace (plain name: the IRSA trust policy names it). */
  readonly namespace: string;
  readonly namespaceResource: pulumi.Resource;
  readonly kubernetesProvider: k8s.Provider;
  readonly awsProvider: aws.Provider;
  /** RegionalPlatform.oidcProviderArn / oidcIssuer. */
  readonly oidcProviderArn: Input<string>;
  readonly oidcIssuer: Input<string>;
  /** Kubernetes name of the Job and its service account, e.g. "neuroca-db-bootstrap". */
  readonly jobName: string;
  readonly database: {
    readonly host: Input<string>;
    readonly port: Input<number>;
    /** Database to grant on. */
    readonly name: string;
    /** PostgresDatabase.masterUserSecretArn (JSON {"username","password"}). */
    readonly masterSecretArn: Input<string>;
    /** PostgresDatabase.kmsKeyArn: the secret's key. */
    readonly kmsKeyArn: Input<string>;
  };
  /** The application role to create. */
  readonly role: {
    readonly username: string;
    /** Schema owned by the role (created if missing); also the role's search_path. */
    readonly schema: string;
    /**
     * How the role logs in. Default (when `passwordSecret` is given): a password from that
     * Kubernetes Secret key. `{ kind: "iam" }`: RDS IAM authentication only (`rds_iam`, no password).
     */
    readonly auth?: RoleAuth;
    /** Kubernetes Secret + key holding the role's password (password auth). */
    readonly passwordSecret?: { readonly name: Input<string>; readonly key: string };
  };
  /** Images. Defaults: public ECR aws-cli 2.x and postgres 15-alpine (psql 15 matches RDS 15). */
  readonly images?: { readonly awsCli?: string; readonly postgres?: string };
  /** A scratch database to create, owned by the role (backup restore tests). Default none. */
  readonly scratchDatabase?: string;
  /** Bump to force a re-run (e.g. after rotating the password). Default "1". */
  readonly revision?: string;
  /** Labels on the Job, its pods and service account. Default {}. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Tags of the IAM role. Default {}. */
  readonly tags?: Readonly<Record<string, string>>;
}

export const BOOTSTRAP_IMAGES = {
  awsCli: "public.ecr.aws/aws-cli/aws-cli:2.22.35",
  postgres: "public.ecr.aws/docker/library/postgres:15.10-alpine",
} as const;

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/** How an application role logs in. */
export type RoleAuth = { readonly kind: "password" } | { readonly kind: "iam" };

const CREATE_ROLE = "SELECT format('CREATE ROLE %I LOGIN', :'app_user') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_user') \\gexec";
const GRANTS = [
  "GRANT CONNECT, CREATE, TEMPORARY ON DATABASE :\"app_db\" TO :\"app_user\";",
  // The master user must be a member to create a schema owned by the role (RDS masters are not superusers).
  "GRANT :\"app_user\" TO CURRENT_USER;",
  "CREATE SCHEMA IF NOT EXISTS :\"app_schema\" AUTHORIZATION :\"app_user\";",
  "ALTER ROLE :\"app_user\" SET search_path TO :\"app_schema\";",
  // Optional scratch database owned by the role (restore tests of its backups; components/k8s/postgres-s3-backup.ts).
  "SELECT format('CREATE DATABASE %I OWNER %I', :'scratch_db', :'app_user') WHERE :'scratch_db' <> '' AND NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'scratch_db') \\gexec",
];

/** The psql script of each login kind; identifiers are validated and passed as psql variables (quoted by psql). */
export const BOOTSTRAP_SQL_BY_AUTH: Readonly<Record<RoleAuth["kind"], string>> = {
  password: [CREATE_ROLE, "ALTER ROLE :\"app_user\" WITH LOGIN PASSWORD :'app_password';", ...GRANTS].join("\n"),
  // No password: only an IAM token (rds_iam) logs in; a password set earlier is removed.
  iam: [CREATE_ROLE, "ALTER ROLE :\"app_user\" WITH LOGIN PASSWORD NULL;", "GRANT rds_iam TO :\"app_user\";", ...GRANTS].join("\n"),
};
export const BOOTSTRAP_SQL = BOOTSTRAP_SQL_BY_AUTH.password;

/** Shell of the psql container: read the master credentials from the memory volume, run the SQL. */
export function bootstrapScript(auth: RoleAuth["kind"]): string {
  return [
    "set -eu",
    // Generated passwords exclude quotes and backslashes (RDS-managed and rotated alike); JSON escapes of '/' are undone anyway.
    'secret="${BOOTSTRAP_DIR:-/bootstrap}/master.json"',
    `field() { sed -n "s/.*\\"$1\\"[[:space:]]*:[[:space:]]*\\"\\([^\\"]*\\)\\".*/\\1/p" "$secret" | sed 's#\\\\/#/#g'; }`,
    'PGUSER="$(field username)"; PGPASSWORD="$(field password)"; export PGUSER PGPASSWORD',
    'test -n "$PGUSER" && test -n "$PGPASSWORD" || { echo "master secret has no username/password" >&2; exit 1; }',
    `psql -v ON_ERROR_STOP=1 -v app_user="$APP_USER"${auth === "password" ? ' -v app_password="$APP_PASSWORD"' : ""} -v app_db="$PGDATABASE" -v app_schema="$APP_SCHEMA" -v scratch_db="\${SCRATCH_DB:-}" <<'SQL'`,
    BOOTSTRAP_SQL_BY_AUTH[auth],
    "SQL",
    'rm -f "$secret"',
  ].join("\n");
}
export const BOOTSTRAP_SCRIPT = bootstrapScript("password");

export class PostgresRoleBootstrap extends pulumi.ComponentResource {
  readonly job: k8s.batch.v1.Job;
  /** Labels of the Job's pods (for NetworkPolicy allowances: DNS, 443 to AWS APIs, the database port). */
  readonly podSelector: Readonly<Record<string, string>>;
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: PostgresRoleBootstrapArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:k8s:PostgresRoleBootstrap", name, {}, opts);
    for (const [what, value] of [["username", args.role.username], ["schema", args.role.schema], ["database", args.database.name], ["scratch database", args.scratchDatabase ?? "scratch"]] as const) {
      if (!IDENT.test(value)) throw new Error(`PostgresRoleBootstrap ${name}: ${what} ${JSON.stringify(value)} is not a lower-case SQL identifier`);
    }
    const auth: RoleAuth = args.role.auth ?? { kind: "password" };
    if (auth.kind === "password" && !args.role.passwordSecret) throw new Error(`PostgresRoleBootstrap ${name}: password auth needs role.passwordSecret`);
    if (auth.kind === "iam" && args.role.passwordSecret) throw new Error(`PostgresRoleBootstrap ${name}: an IAM-authenticated role takes no passwordSecret`);
    const images = { ...BOOTSTRAP_IMAGES, ...(args.images ?? {}) };
    const podSelector = { "app.kubernetes.io/name": args.jobName };
    const labels = { ...(args.labels ?? {}), ...podSelector };

    const policy = pulumi.all([args.database.masterSecretArn, args.database.kmsKeyArn]).apply(([secretArn, keyArn]) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "ReadMasterSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: secretArn },
          { Sid: "DecryptMasterSecret", Effect: "Allow", Action: "kms:Decrypt", Resource: keyArn, Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${secretArn.split(":")[3]}.amazonaws.com` } } },
        ],
      }),
    );
    const account = new IrsaServiceAccount(
      `${name}-irsa`,
      {
        namespace: args.namespace,
        namespaceResource: args.namespaceResource,
        serviceAccountName: args.jobName,
        oidcProviderArn: args.oidcProviderArn,
        oidcIssuer: args.oidcIssuer,
        policy,
        description: `Reads the master secret of ${args.database.name} to create role ${args.role.username}`,
        awsProvider: args.awsProvider,
        kubernetesProvider: args.kubernetesProvider,
        labels,
        tags: args.tags,
      },
      { parent: this },
    );

    const memoryVolume = { name: "bootstrap", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } };
    const mount = { name: "bootstrap", mountPath: "/bootstrap" };
    const small = { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } };
    this.job = new k8s.batch.v1.Job(
      `${name}-job`,
      {
        metadata: { name: args.jobName, namespace: args.namespace, labels, annotations: { "neurastack.io/revision": args.revision ?? "1" } },
        spec: {
          backoffLimit: 4,
          activeDeadlineSeconds: 900,
          template: {
            metadata: { labels },
            spec: securePodSpec({
              serviceAccountName: account.serviceAccountName,
              // IRSA: the projected web-identity token is mounted with the account's token.
              automountServiceAccountToken: true,
              restartPolicy: "Never",
              volumes: [memoryVolume],
              initContainers: [
                {
                  name: "fetch-master-secret",
                  image: images.awsCli,
                  command: ["/bin/sh", "-c"],
                  args: ['aws secretsmanager get-secret-value --secret-id "$MASTER_SECRET_ARN" --query SecretString --output text > /bootstrap/master.json'],
                  env: [
                    { name: "MASTER_SECRET_ARN", value: args.database.masterSecretArn },
                    { name: "HOME", value: "/tmp" },
                  ],
                  resources: small,
                  volumeMounts: [mount],
                },
              ],
              containers: [
                {
                  name: "create-role",
                  image: images.postgres,
                  command: ["/bin/sh", "-c"],
                  args: [bootstrapScript(auth.kind)],
                  // The alpine image's postgres user (uid 70) owns nothing we need; any non-root uid works.
                  env: [
                    { name: "PGHOST", value: args.database.host },
                    { name: "PGPORT", value: pulumi.output(args.database.port).apply(String) },
                    { name: "PGDATABASE", value: args.database.name },
                    { name: "PGSSLMODE", value: "require" },
                    { name: "PGCONNECT_TIMEOUT", value: "10" },
                    { name: "APP_USER", value: args.role.username },
                    { name: "APP_SCHEMA", value: args.role.schema },
                    ...(args.scratchDatabase ? [{ name: "SCRATCH_DB", value: args.scratchDatabase }] : []),
                    ...(args.role.passwordSecret ? [{ name: "APP_PASSWORD", valueFrom: { secretKeyRef: { name: args.role.passwordSecret.name, key: args.role.passwordSecret.key } } }] : []),
                  ],
                  resources: small,
                  volumeMounts: [mount],
                },
              ],
            }),
          },
        },
      },
      // Fixed name + immutable template: a changed spec must delete the old Job first.
      { parent: this, provider: args.kubernetesProvider, deleteBeforeReplace: true },
    );
    this.podSelector = podSelector;
    this.roleArn = account.roleArn;
    this.registerOutputs({ jobName: this.job.metadata.name, roleArn: this.roleArn });
  }
}
