/**
 * Names SNN-Fusion's pieces agree on: the Kubernetes objects the guide names, the ports, the
 * DNS layout of the global and regional endpoints.
 */
import { envCode } from "../../naming";

export const NAMESPACE = "snn-fusion";
export const API_NAME = "snn-fusion-api";
export const API_SERVICE = "snn-fusion-api-service";
export const GPU_NAME = "snn-fusion-gpu-inference";
export const WORKER_NAME = "snn-fusion-neuromorphic-worker";
export const CONFIG_MAP = "snn-fusion-config";
export const DATA_PVC = "snn-fusion-data";
export const MODELS_PVC = "snn-fusion-models";
/** The IRSA database user (`rds-db:connect`); created in PostgreSQL with `GRANT rds_iam`. */
export const DB_IAM_USER = "snn_fusion_app";
/** Database of the API, and the schema the app role owns in it. */
export const DB_NAME = "snn_fusion";
export const DB_SCHEMA = "snn_fusion";
/** The Job that creates DB_IAM_USER on the group primary (components/k8s PostgresRoleBootstrap). */
export const DB_BOOTSTRAP_JOB = "snn-fusion-db-bootstrap";

/** Guide ports: API 8000, metrics 8080; the Service exposes the API on 80. */
export const API_PORT = 8000;
export const METRICS_PORT = 8080;
export const SERVICE_PORT = 80;

/** Pod labels. */
export const APP_LABEL = { app: "snn-fusion" } as const;
export const API_LABELS = { ...APP_LABEL, component: "api" } as const;
export const GPU_LABELS = { ...APP_LABEL, component: "gpu-inference" } as const;
export const WORKER_LABELS = { ...APP_LABEL, component: "neuromorphic-worker" } as const;

/** Global endpoint host: latency-routed across regions. */
export function globalHost(domain: string): string {
  return `api.${domain}`;
}

/** Regional endpoint host: one region's ALB only. */
export function regionalHost(domain: string, region: string): string {
  return `${region}.api.${domain}`;
}

/** ALB name (max 32 characters), set by annotation so the alarms can find the load balancer. */
export function albName(environment: string, region: string): string {
  return `snn-${envCode(environment)}-${region}`.slice(0, 32).replace(/-+$/, "");
}

/** S3 bucket name of one purpose in one region (global namespace: environment and region in it). */
export function bucketName(environment: string, purpose: string, region: string): string {
  return `snn-fusion-${envCode(environment)}-${purpose}-${region}`.slice(0, 58).replace(/-+$/, "");
}
