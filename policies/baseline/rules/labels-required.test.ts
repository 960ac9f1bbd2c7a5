import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import { awsProvider, baseLabels, gcpProvider, k8sProvider, ruleTests } from "../../testing/rule-tests";
import { labelsRequired } from "./labels-required";

ruleTests(labelsRequired, {
  violating: () => {
    new gcp.pubsub.Topic("no-labels", {}, { provider: gcpProvider() });
    new aws.sqs.Queue("no-environment", { tags: { system: "fixture" } }, { provider: awsProvider() });
    new k8s.core.v1.ConfigMap("no-metadata-labels", { metadata: { namespace: "app" }, data: { LOG_LEVEL: "info" } }, { provider: k8sProvider() });
  },
  violates: ["no-labels", "no-environment", "no-metadata-labels"],
  passing: () => {
    new gcp.pubsub.Topic("labelled", { labels: baseLabels() }, { provider: gcpProvider() });
    new aws.sqs.Queue("tagged", { tags: baseLabels() }, { provider: awsProvider() });
    // Provider default tags count.
    new aws.sqs.Queue("default-tagged", {}, { provider: new aws.Provider("tagging", { region: "us-east-1", defaultTags: { tags: baseLabels() } }) });
    new k8s.core.v1.ConfigMap("k8s-labelled", { metadata: { namespace: "app", labels: baseLabels() }, data: { LOG_LEVEL: "info" } }, { provider: k8sProvider() });
    // Takes no labels at all.
    new gcp.projects.Service("api", { project: "fixture-project", service: "bigtable.googleapis.com" }, { provider: gcpProvider() });
  },
});
