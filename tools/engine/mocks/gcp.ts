import { PROJECT_NUMBER, digest, type MockContext, type State } from "./util";

const API = "https://www.googleapis.com";

export function gcpResource(ctx: MockContext): { id: string; state: State } {
  const project = String(ctx.inputs.project ?? ctx.provider.project ?? "offline-project");
  const location = String(ctx.inputs.location ?? ctx.inputs.region ?? ctx.provider.region ?? "us-central1");
  const h = digest(ctx.type, ctx.name);
  const name = String(ctx.inputs.name ?? `${ctx.name}-${h.slice(0, 7)}`);
  const base: State = { ...ctx.inputs, project, name, effectiveLabels: ctx.inputs.labels ?? {}, terraformLabels: ctx.inputs.labels ?? {} };
  const at = (id: string, extra: State = {}) => ({ id, state: { ...base, id, ...extra } });
  switch (ctx.type) {
    case "gcp:serviceaccount/account:Account": {
      const email = `${String(ctx.inputs.accountId)}@${project}.iam.gserviceaccount.com`;
      return at(`projects/${project}/serviceAccounts/${email}`, { email, member: `serviceAccount:${email}`, uniqueId: BigInt("0x" + h.slice(0, 15)).toString(), name: `projects/${project}/serviceAccounts/${email}` });
    }
    case "gcp:kms/keyRing:KeyRing":
      return at(`projects/${project}/locations/${location}/keyRings/${name}`);
    case "gcp:kms/cryptoKey:CryptoKey":
      return at(`${String(ctx.inputs.keyRing)}/cryptoKeys/${name}`, { primaries: [{ name: `${String(ctx.inputs.keyRing)}/cryptoKeys/${name}/cryptoKeyVersions/1`, state: "ENABLED" }] });
    case "gcp:pubsub/topic:Topic":
      return at(`projects/${project}/topics/${name}`);
    case "gcp:pubsub/subscription:Subscription":
      return at(`projects/${project}/subscriptions/${name}`);
    case "gcp:storage/bucket:Bucket":
      return at(name, { url: `gs://${name}`, selfLink: `${API}/storage/v1/b/${name}` });
    case "gcp:storage/bucketObject:BucketObject":
      return at(`${String(ctx.inputs.bucket)}-${name}`, { outputName: name, md5hash: Buffer.from(h.slice(0, 16), "hex").toString("base64"), mediaLink: `${API}/download/storage/v1/b/${String(ctx.inputs.bucket)}/o/${encodeURIComponent(name)}?alt=media`, selfLink: `${API}/storage/v1/b/${String(ctx.inputs.bucket)}/o/${encodeURIComponent(name)}` });
    case "gcp:bigtable/instance:Instance":
      return at(`projects/${project}/instances/${name}`);
    case "gcp:bigtable/table:Table":
      return at(`projects/${project}/instances/${String(ctx.inputs.instanceName)}/tables/${name}`);
    case "gcp:bigquery/dataset:Dataset":
      return at(`projects/${project}/datasets/${String(ctx.inputs.datasetId)}`, { selfLink: `https://bigquery.googleapis.com/bigquery/v2/projects/${project}/datasets/${String(ctx.inputs.datasetId)}`, etag: h.slice(0, 16) });
    case "gcp:bigquery/table:Table":
      return at(`projects/${project}/datasets/${String(ctx.inputs.datasetId)}/tables/${String(ctx.inputs.tableId)}`);
    case "gcp:firestore/database:Database":
      return at(`projects/${project}/databases/${name}`, { uid: h.slice(0, 32) });
    case "gcp:cloudfunctionsv2/function:Function": {
      const uri = `https://${name}-${h.slice(0, 10)}-${location.split("-")[0]}.a.run.app`;
      return at(`projects/${project}/locations/${location}/functions/${name}`, { url: uri, state: "ACTIVE", serviceConfig: { ...(ctx.inputs.serviceConfig as State | undefined), uri, service: `projects/${project}/locations/${location}/services/${name}` } });
    }
    case "gcp:cloudrunv2/service:Service": {
      const uri = `https://${name}-${h.slice(0, 10)}-uc.a.run.app`;
      return at(`projects/${project}/locations/${location}/services/${name}`, { uri, urls: [uri], latestReadyRevision: `projects/${project}/locations/${location}/services/${name}/revisions/${name}-00001-${h.slice(0, 3)}`, latestCreatedRevision: `${name}-00001-${h.slice(0, 3)}` });
    }
    case "gcp:secretmanager/secret:Secret":
      return at(`projects/${project}/secrets/${String(ctx.inputs.secretId)}`, { name: `projects/${PROJECT_NUMBER}/secrets/${String(ctx.inputs.secretId)}` });
    case "gcp:secretmanager/secretVersion:SecretVersion":
      return at(`projects/${PROJECT_NUMBER}/secrets/${h.slice(0, 6)}/versions/1`, { version: "1", name: `projects/${PROJECT_NUMBER}/secrets/${h.slice(0, 6)}/versions/1` });
    case "gcp:compute/globalAddress:GlobalAddress":
    case "gcp:compute/address:Address":
      return at(`projects/${project}/global/addresses/${name}`, { address: `34.${parseInt(h.slice(0, 2), 16)}.${parseInt(h.slice(2, 4), 16)}.${parseInt(h.slice(4, 6), 16)}`, selfLink: `${API}/compute/v1/projects/${project}/global/addresses/${name}` });
    case "gcp:monitoring/notificationChannel:NotificationChannel":
      return at(`projects/${project}/notificationChannels/${BigInt("0x" + h.slice(0, 14)).toString()}`, { name: `projects/${project}/notificationChannels/${BigInt("0x" + h.slice(0, 14)).toString()}` });
    case "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig":
      return at(`projects/${project}/uptimeCheckConfigs/${name}`, { uptimeCheckId: name, name: `projects/${project}/uptimeCheckConfigs/${name}` });
    case "gcp:monitoring/alertPolicy:AlertPolicy":
      return at(`projects/${project}/alertPolicies/${BigInt("0x" + h.slice(0, 14)).toString()}`, { name: `projects/${project}/alertPolicies/${BigInt("0x" + h.slice(0, 14)).toString()}` });
    case "gcp:projects/serviceIdentity:ServiceIdentity": {
      const service = String(ctx.inputs.service ?? "").replace(".googleapis.com", "");
      const email = `service-${PROJECT_NUMBER}@gcp-sa-${service}.iam.gserviceaccount.com`;
      return at(`projects/${project}/services/${service}`, { email, member: `serviceAccount:${email}` });
    }
    // Global load-balancing resources (convergence): ids and self links as Compute reports them.
    case "gcp:compute/uRLMap:URLMap":
    case "gcp:compute/sSLPolicy:SSLPolicy":
    case "gcp:compute/managedSslCertificate:ManagedSslCertificate":
    case "gcp:compute/targetHttpProxy:TargetHttpProxy":
    case "gcp:compute/targetHttpsProxy:TargetHttpsProxy":
    case "gcp:compute/securityPolicy:SecurityPolicy":
    case "gcp:compute/backendService:BackendService":
    case "gcp:compute/globalForwardingRule:GlobalForwardingRule": {
      const collections: Record<string, string> = { URLMap: "urlMaps", SSLPolicy: "sslPolicies", ManagedSslCertificate: "sslCertificates", TargetHttpProxy: "targetHttpProxies", TargetHttpsProxy: "targetHttpsProxies", SecurityPolicy: "securityPolicies", BackendService: "backendServices", GlobalForwardingRule: "forwardingRules" };
      const id = `projects/${project}/global/${collections[ctx.type.split(":")[2]]}/${name}`;
      return at(id, { selfLink: `${API}/compute/v1/${id}` });
    }
    case "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup": {
      const id = `projects/${project}/regions/${location}/networkEndpointGroups/${name}`;
      return at(id, { selfLink: `${API}/compute/v1/${id}` });
    }
    case "gcp:logging/metric:Metric":
      return at(name);
    // Neural Ledger: ids in the form the processor's function references them.
    case "gcp:artifactregistry/repository:Repository":
      return at(`projects/${project}/locations/${location}/repositories/${String(ctx.inputs.repositoryId)}`, { name: String(ctx.inputs.repositoryId) });
    case "gcp:vpcaccess/connector:Connector":
      return at(`projects/${project}/locations/${location}/connectors/${name}`, { selfLink: `projects/${project}/locations/${location}/connectors/${name}`, state: "READY" });
    default: {
      const short = ctx.type.split(":")[1]?.split("/")[0] ?? "resource";
      return at(`projects/${project}/locations/${location}/${short}/${name}`, { selfLink: `${API}/${short}/v1/projects/${project}/locations/${location}/${name}` });
    }
  }
}

/** Offline answers to GCP data sources (invokes). */
export function gcpCall(token: string, inputs: State, provider: State): State | undefined {
  const project = String(inputs.project ?? provider.project ?? "offline-project");
  switch (token) {
    case "gcp:organizations/getProject:getProject":
      return { projectId: inputs.projectId ?? project, number: PROJECT_NUMBER, name: project, id: `projects/${project}`, labels: {} };
    case "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": {
      const email = `service-${PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com`;
      return { emailAddress: email, member: `serviceAccount:${email}`, project, id: email };
    }
    case "gcp:bigquery/getDefaultServiceAccount:getDefaultServiceAccount": {
      const email = `bq-${PROJECT_NUMBER}@bigquery-encryption.iam.gserviceaccount.com`;
      return { email, member: `serviceAccount:${email}`, project, id: email };
    }
    case "gcp:organizations/getIAMPolicy:getIAMPolicy":
      return { policyData: JSON.stringify({ bindings: inputs.bindings ?? [], auditConfigs: inputs.auditConfigs ?? [] }), id: digest(JSON.stringify(inputs)).slice(0, 10) };
    default:
      return undefined;
  }
}
