/**
 * The real clients, only when credentials are found: the AWS default provider chain
 * (environment, shared files, SSO, IMDS) and Google Application Default Credentials. Without
 * them the preflight lists what it would check.
 */
import { EC2Client } from "@aws-sdk/client-ec2";
import { ECRClient } from "@aws-sdk/client-ecr";
import { IAMClient } from "@aws-sdk/client-iam";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { Route53Client } from "@aws-sdk/client-route-53";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { ArtifactRegistryClient } from "@google-cloud/artifact-registry";
import { CloudBillingClient } from "@google-cloud/billing";
import { OrgPolicyClient } from "@google-cloud/org-policy";
import { ServiceUsageClient } from "@google-cloud/service-usage";
import { GoogleAuth } from "google-gax";
import { Resolver } from "dns/promises";
import type { AwsClients, GcpClients, NsResolver } from "./checks";

/** Resolves within `ms`, else gives `fallback` (a credential probe must not hang the CLI). */
function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      () => (clearTimeout(timer), resolve(fallback)),
    );
  });
}

/** AWS clients per region, or undefined when the default provider chain finds no credentials. */
export async function awsClients(): Promise<AwsClients | undefined> {
  const credentials = defaultProvider({ timeout: 1000, maxRetries: 0 });
  const found = await within(credentials().then(() => true), 5000, false);
  if (!found) return undefined;
  const cache = new Map<string, unknown>();
  const per = <T>(key: string, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };
  return {
    quotas: (region) => per(`quotas:${region}`, () => new ServiceQuotasClient({ region, credentials })),
    ec2: (region) => per(`ec2:${region}`, () => new EC2Client({ region, credentials })),
    lambda: (region) => per(`lambda:${region}`, () => new LambdaClient({ region, credentials })),
    ecr: (region) => per(`ecr:${region}`, () => new ECRClient({ region, credentials })),
    iam: () => per("iam", () => new IAMClient({ region: "us-east-1", credentials })),
    route53: () => per("route53", () => new Route53Client({ region: "us-east-1", credentials })),
  };
}

/** GCP clients, or undefined when Application Default Credentials are not set up. */
export async function gcpClients(): Promise<GcpClients | undefined> {
  const auth = new GoogleAuth({ scopes: ["https://www.googleapis.com/auth/cloud-platform"] });
  const found = await within(auth.getClient().then(() => true), 5000, false);
  if (!found) return undefined;
  return { billing: new CloudBillingClient(), serviceUsage: new ServiceUsageClient(), orgPolicy: new OrgPolicyClient(), artifactRegistry: new ArtifactRegistryClient() };
}

/** A DNS resolver: the system's, or the servers given (`--resolver 1.1.1.1,8.8.8.8` or `127.0.0.1:5353`). */
export function nsResolver(servers?: readonly string[]): NsResolver {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  if (servers && servers.length > 0) resolver.setServers([...servers]);
  return resolver;
}
