/**
 * Images of the database-role bootstrap Job (components/k8s/postgres-role-bootstrap.ts) that
 * NCA and the ZKP ledger run: the AWS CLI reads the RDS-managed master secret, psql 15 (the
 * RDS engine's major version) creates the application role. Both are the Public ECR copies
 * of the official images (no Docker Hub pull rate limits).
 */
import { PLACEHOLDER_DIGEST } from "../images";

/** Staging: the tags the Job was written against. */
export const BOOTSTRAP_TAGS = {
  awsCli: "public.ecr.aws/aws-cli/aws-cli:2.22.35",
  postgres: "public.ecr.aws/docker/library/postgres:15.10-alpine",
} as const;

/**
 * Production pins by digest. The all-zero digests are placeholders the readiness model flags;
 * set the digest of the tag above (`docker buildx imagetools inspect <image>:<tag>`).
 */
export const BOOTSTRAP_PLACEHOLDERS = {
  awsCli: `public.ecr.aws/aws-cli/aws-cli@${PLACEHOLDER_DIGEST}`,
  postgres: `public.ecr.aws/docker/library/postgres@${PLACEHOLDER_DIGEST}`,
} as const;
