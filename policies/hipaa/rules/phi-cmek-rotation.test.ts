import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { awsProvider, dataLabels, gcpProvider, GCP_KEY_NAME, ruleTests } from "../../testing/rule-tests";
import { phiCmekRotation } from "./phi-cmek-rotation";

const RING = "projects/fixture-project/locations/us-central1/keyRings/ring";

ruleTests(phiCmekRotation, {
  violating: () => {
    const provider = gcpProvider();
    const still = new gcp.kms.CryptoKey("static-key", { keyRing: RING, labels: {} }, { provider });
    new gcp.storage.Bucket("phi-bucket", { location: "US", labels: dataLabels(), encryption: { defaultKmsKeyName: still.id } }, { provider });
    new gcp.pubsub.Topic("external-key-topic", { labels: dataLabels(), kmsKeyName: GCP_KEY_NAME }, { provider });
    const awsKey = new aws.kms.Key("aws-static", { tags: {} }, { provider: awsProvider() });
    new aws.rds.Instance("phi-db", { instanceClass: "db.r6g.large", engine: "postgres", storageEncrypted: true, kmsKeyId: awsKey.arn, tags: dataLabels() }, { provider: awsProvider() });
  },
  violates: ["static-key", "external-key-topic", "aws-static"],
  passing: () => {
    const provider = gcpProvider();
    const rotating = new gcp.kms.CryptoKey("rotating", { keyRing: RING, rotationPeriod: "7776000s", labels: {} }, { provider });
    new gcp.storage.Bucket("phi-bucket", { location: "US", labels: dataLabels(), encryption: { defaultKmsKeyName: rotating.id } }, { provider });
    const awsKey = new aws.kms.Key("aws-rotating", { enableKeyRotation: true, tags: {} }, { provider: awsProvider() });
    const alias = new aws.kms.Alias("aws-alias", { name: "alias/phi", targetKeyId: awsKey.keyId }, { provider: awsProvider() });
    new aws.rds.Instance("phi-db", { instanceClass: "db.r6g.large", engine: "postgres", storageEncrypted: true, kmsKeyId: alias.name, tags: dataLabels() }, { provider: awsProvider() });
    const still = new gcp.kms.CryptoKey("static-for-public", { keyRing: RING, labels: {} }, { provider });
    new gcp.storage.Bucket("public-bucket", { location: "US", labels: dataLabels({ "data-classification": "public" }), encryption: { defaultKmsKeyName: still.id } }, { provider });
  },
});
