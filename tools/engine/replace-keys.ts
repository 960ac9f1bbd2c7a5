/**
 * Which input changes make the provider replace a resource instead of updating it in place:
 * the offline approximation of each provider's replace-on-change ("ForceNew") properties.
 *
 * Sources, in order:
 * 1. the resource's own `replaceOnChanges` option (recorded with the plan);
 * 2. the installed provider SDK's documentation of each `<Class>Args` property: the bridged
 *    providers (@pulumi/aws, @pulumi/gcp) carry the Terraform docs' "Changing this forces a new
 *    resource" notes into their .d.ts files, so the table is always that of the installed version;
 * 3. a short table of identity properties the docs leave unmarked but the clouds cannot change
 *    in place (below, each with its source), and Kubernetes fields the API server declares
 *    immutable (the provider replaces the object when they change).
 *
 * Approximate: a ForceNew property the docs do not mention, and a replace the provider decides
 * from values (e.g. a smaller disk), are reported as updates.
 */
import * as fs from "fs";
import * as path from "path";

/** Properties (paths; a prefix covers everything under it) whose change replaces the resource. */
const IDENTITY: Readonly<Record<string, readonly string[]>> = {
  // Names are the resources' ids in their APIs (ForceNew in the Terraform providers' schemas).
  "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix"],
  "aws:rds/instance:Instance": ["identifier", "engine", "username", "dbName", "storageEncrypted", "kmsKeyId", "availabilityZone", "characterSetName"],
  "aws:eks/cluster:Cluster": ["name", "encryptionConfig", "kubernetesNetworkConfig"],
  "aws:eks/nodeGroup:NodeGroup": ["nodeGroupName", "nodeGroupNamePrefix", "clusterName", "subnetIds", "amiType", "capacityType", "diskSize", "instanceTypes", "nodeRoleArn", "remoteAccess"],
  "aws:elasticache/replicationGroup:ReplicationGroup": ["replicationGroupId", "atRestEncryptionEnabled", "subnetGroupName", "kmsKeyId"],
  "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion"],
  "aws:secretsmanager/secret:Secret": ["name", "namePrefix"],
  "aws:iam/role:Role": ["name", "namePrefix", "path"],
  "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix"],
  "gcp:bigtable/instance:Instance": ["name"],
  "gcp:bigtable/table:Table": ["name", "instanceName"],
  "gcp:kms/keyRing:KeyRing": ["name", "location", "project"],
  "gcp:kms/cryptoKey:CryptoKey": ["name", "keyRing", "purpose", "skipInitialVersionCreation"],
  "gcp:bigquery/dataset:Dataset": ["datasetId", "location", "project"],
  "gcp:bigquery/table:Table": ["datasetId", "tableId", "project"],
  "gcp:pubsub/topic:Topic": ["name", "project"],
  "gcp:pubsub/subscription:Subscription": ["name", "topic", "project"],
  "gcp:firestore/database:Database": ["name", "locationId", "project"],
  "gcp:storage/bucket:Bucket": ["name", "location", "project"],
  "gcp:cloudrunv2/service:Service": ["name", "location", "project"],
  "gcp:cloudfunctionsv2/function:Function": ["name", "location", "project"],
  "gcp:secretmanager/secret:Secret": ["secretId", "replication", "project"],
  "gcp:serviceaccount/account:Account": ["accountId", "project"],
  // Kubernetes API: an object's name and namespace are its identity; these spec fields are
  // immutable after creation (kubernetes.io API reference: "Immutable"), so the provider replaces.
  "kubernetes:apps/v1:Deployment": ["metadata.name", "metadata.namespace", "spec.selector"],
  "kubernetes:apps/v1:StatefulSet": ["metadata.name", "metadata.namespace", "spec.selector", "spec.serviceName", "spec.podManagementPolicy", "spec.volumeClaimTemplates"],
  "kubernetes:apps/v1:DaemonSet": ["metadata.name", "metadata.namespace", "spec.selector"],
  "kubernetes:batch/v1:Job": ["metadata.name", "metadata.namespace", "spec.selector", "spec.template"],
  "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": ["metadata.name", "metadata.namespace", "roleRef"],
  "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": ["metadata.name", "roleRef"],
  "kubernetes:storage.k8s.io/v1:StorageClass": ["metadata.name", "parameters", "provisioner", "reclaimPolicy", "volumeBindingMode"],
  "kubernetes:core/v1:PersistentVolumeClaim": ["metadata.name", "metadata.namespace", "spec.accessModes", "spec.storageClassName", "spec.selector", "spec.volumeName"],
  "kubernetes:core/v1:Service": ["metadata.name", "metadata.namespace", "spec.clusterIP"],
};

const FORCE_NEW = /forces? (?:a )?new (?:resource|[a-z ]{1,24} to be created)|will force (?:a )?new resource|forces? (?:the )?(?:resource|instance) to be re-?created|(?:will|may) (?:cause the \w+ to )?recreate|deleting\/ ?recreating the resource|requires? (?:a )?replacement/i;

const PROVIDER_DIRS: Readonly<Record<string, string>> = { aws: "@pulumi/aws", gcp: "@pulumi/gcp" };
const docCache = new Map<string, string[]>();

/** `aws:rds/instance:Instance` -> properties of `InstanceArgs` whose docs say a change forces a new resource. */
export function documentedReplaceKeys(type: string): string[] {
  const hit = docCache.get(type);
  if (hit) return hit;
  const [pkg, mod, cls] = type.split(":");
  const keys: string[] = [];
  const pkgName = PROVIDER_DIRS[pkg];
  if (pkgName && mod && cls) {
    try {
      const file = path.join(path.dirname(require.resolve(`${pkgName}/package.json`)), `${mod}.d.ts`);
      const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
      const start = text.indexOf(`export interface ${cls}Args {`);
      if (start >= 0) {
        const block = text.slice(start, text.indexOf("\n}", start));
        for (const m of block.matchAll(/\/\*\*([\s\S]*?)\*\/\s*(?:readonly\s+)?(\w+)\??:/g)) if (FORCE_NEW.test(m[1].replace(/\s*\*\s*/g, " "))) keys.push(m[2]);
      }
    } catch {
      // A provider this machine does not have: no documented keys.
    }
  }
  docCache.set(type, keys);
  return keys;
}

/** The replace-on-change paths of `type` (with the resource's own `replaceOnChanges`). */
export function replaceKeys(type: string, replaceOnChanges: readonly string[] = []): string[] {
  return [...new Set([...replaceOnChanges, ...documentedReplaceKeys(type), ...(IDENTITY[type] ?? [])])];
}

/** Whether a change at `changed` (value-diff.ts path) falls under one of `keys` ("*" = any). */
export function forcesReplace(changed: string, keys: readonly string[]): boolean {
  return keys.some((k) => k === "*" || changed === k || changed.startsWith(`${k}.`) || changed.startsWith(`${k}[`));
}
