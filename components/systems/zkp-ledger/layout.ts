/**
 * The ledger's fixed facts and generated files, as pure functions (tested without Pulumi):
 * node layout (guide: primary :8080, secondary N :808N, ids secondary-00N), production.toml and
 * the nginx load balancer configuration.
 */

export const NAMESPACE = "zkp-ledger";
/** Headless Service governing every node StatefulSet (stable pod DNS for raft peers). */
export const CLUSTER_SERVICE = "zkp-ledger-cluster";
export const TLS_SECRET = "zkp-ledger-tls";
export const APP_SECRET = "zkp-ledger-secrets";
export const CONFIG_MAP = "zkp-ledger-config";
/** ZKP_LEDGER_PROMETHEUS_PORT (guide default 9090). */
export const METRICS_PORT = 9090;
/** Container user (guide: chown -R 1001:1001 /opt/zkp-ledger). */
export const LEDGER_UID = 1001;
/** Guide nginx weights. */
export const PRIMARY_WEIGHT = 3;
export const SECONDARY_WEIGHT = 2;
/** Base API port: primary 8080, secondary N 8080 + N. */
export const BASE_PORT = 8080;

export interface LedgerNodeSpec {
  /** ZKP_LEDGER_NODE_ID, e.g. "primary-001", "secondary-002". */
  readonly id: string;
  readonly role: "primary" | "secondary";
  /** StatefulSet and Service name, e.g. "zkp-ledger-secondary-2" (what nginx's upstream names). */
  readonly name: string;
  /** API port; ZKP_LEDGER_BIND_ADDRESS is 0.0.0.0:<port>. */
  readonly port: number;
  /** nginx upstream weight. */
  readonly weight: number;
}

/** The primary and `secondaries` secondary nodes. */
export function ledgerNodes(secondaries: number): LedgerNodeSpec[] {
  const nodes: LedgerNodeSpec[] = [{ id: "primary-001", role: "primary", name: "zkp-ledger-primary", port: BASE_PORT, weight: PRIMARY_WEIGHT }];
  for (let i = 1; i <= secondaries; i++) {
    nodes.push({ id: `secondary-${String(i).padStart(3, "0")}`, role: "secondary", name: `zkp-ledger-secondary-${i}`, port: BASE_PORT + i, weight: SECONDARY_WEIGHT });
  }
  return nodes;
}

export interface TomlSettings {
  readonly backupSchedule: string;
  readonly localRetentionDays: number;
  readonly performance: { readonly maxWorkerThreads: number; readonly maxMemoryUsageMb: number; readonly proofCacheSizeMb: number; readonly parallelBatchProcessing: boolean };
}

type TomlValue = string | number | boolean;

/** The guide's `config/production.toml` sections (values exactly as the guide). */
export function tomlSections(s: TomlSettings): Record<string, Record<string, TomlValue>> {
  return {
    server: { bind_address: `0.0.0.0:${BASE_PORT}`, max_connections: 1000 },
    cluster: { consensus_algorithm: "raft", election_timeout_ms: 1000 },
    database: { max_connections: 50, connection_timeout_seconds: 30 },
    crypto: { parallel_proving: true, max_proving_threads: 4, proof_compression: true },
    security: { enable_tls: true, rate_limit_requests_per_minute: 1000 },
    backup: { enabled: true, schedule: s.backupSchedule, retention_days: s.localRetentionDays },
    monitoring: { enabled: true, prometheus_port: METRICS_PORT, tracing_enabled: true },
    performance: {
      max_worker_threads: s.performance.maxWorkerThreads,
      max_memory_usage_mb: s.performance.maxMemoryUsageMb,
      proof_cache_size_mb: s.performance.proofCacheSizeMb,
      parallel_batch_processing: s.performance.parallelBatchProcessing,
    },
  };
}

function tomlValue(v: TomlValue): string {
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

/** Renders the sections as TOML (one table each, in order). */
export function productionToml(s: TomlSettings): string {
  const header = "# Managed by Pulumi (neurastack). Per-node values come from ZKP_LEDGER_* environment variables.\n";
  return (
    header +
    Object.entries(tomlSections(s))
      .map(([table, values]) => `[${table}]\n${Object.entries(values).map(([k, v]) => `${k} = ${tomlValue(v)}`).join("\n")}\n`)
      .join("\n")
  );
}

/** TLS termination on 443, least_conn upstream with the guide's weights, TLS (verified) to the nodes. */
export function nginxConf(nodes: readonly LedgerNodeSpec[]): string {
  const servers = nodes.map((n) => `        server ${n.name}:${n.port} weight=${n.weight} max_fails=3 fail_timeout=10s;`).join("\n");
  return `# Managed by Pulumi (neurastack): the guide's load balancer, TLS 1.3 only.
worker_processes auto;
pid /tmp/nginx.pid;
error_log /dev/stderr warn;

events {
    worker_connections 4096;
}

http {
    server_tokens off;
    access_log /dev/stdout;
    client_body_temp_path /tmp/client_temp;
    proxy_temp_path /tmp/proxy_temp;
    fastcgi_temp_path /tmp/fastcgi_temp;
    uwsgi_temp_path /tmp/uwsgi_temp;
    scgi_temp_path /tmp/scgi_temp;
    client_max_body_size 64m;

    upstream zkp_cluster {
        least_conn;
${servers}
        keepalive 32;
    }

    server {
        listen 443 ssl;
        http2 on;
        server_name _;

        ssl_certificate /etc/nginx/tls/tls.crt;
        ssl_certificate_key /etc/nginx/tls/tls.key;
        ssl_protocols TLSv1.3;
        ssl_session_cache shared:SSL:10m;
        ssl_session_tickets off;
        add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;

        location = /nginx-health {
            access_log off;
            return 200 "ok\\n";
        }

        location / {
            proxy_pass https://zkp_cluster;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
            # The nodes serve the same CA-signed certificate: verify it (CN/SAN zkp-ledger).
            proxy_ssl_trusted_certificate /etc/nginx/tls/ca.crt;
            proxy_ssl_verify on;
            proxy_ssl_verify_depth 2;
            proxy_ssl_name zkp-ledger;
            proxy_ssl_server_name on;
            proxy_ssl_protocols TLSv1.3;
            proxy_connect_timeout 5s;
            proxy_read_timeout 120s;
        }
    }
}
`;
}
