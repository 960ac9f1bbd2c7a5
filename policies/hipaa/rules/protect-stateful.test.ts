import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { awsProvider, baseLabels, dataLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { protectStateful } from "./protect-stateful";

const bigtable = (name: string, protect: boolean, labels = dataLabels()) =>
  new gcp.bigtable.Instance(name, { labels, deletionProtection: true, clusters: [{ clusterId: `${name}-c`, zone: "us-central1-b", numNodes: 3 }] }, { provider: gcpProvider(), protect });

ruleTests(protectStateful, {
  violating: () => {
    bigtable("unprotected-store", false);
    new aws.kms.Key("unprotected-key", { enableKeyRotation: true, tags: baseLabels() }, { provider: awsProvider() });
  },
  violates: ["unprotected-store", "unprotected-key"],
  passing: () => {
    bigtable("protected-store", true);
    new aws.kms.Key("protected-key", { enableKeyRotation: true, tags: baseLabels() }, { provider: awsProvider(), protect: true });
    new gcp.pubsub.Topic("notifications", { labels: dataLabels({ "data-classification": "internal" }) }, { provider: gcpProvider() });
    bigtable("staging-store", false, dataLabels({ environment: "staging" }));
  },
});
