import * as gcp from "@pulumi/gcp";
import { baseLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { cloudrunBehindHttps } from "./cloudrun-behind-https";

const service = (name: string, ingress: string | undefined, environment = "production") =>
  new gcp.cloudrunv2.Service(name, { location: "us-central1", ingress, labels: baseLabels(environment), template: { serviceAccount: "api@fixture-project.iam.gserviceaccount.com", containers: [{ image: "gcr.io/x/api:1" }] } }, { provider: gcpProvider() });

ruleTests(cloudrunBehindHttps, {
  violating: () => {
    service("direct", "INGRESS_TRAFFIC_ALL");
    service("default-ingress", undefined);
  },
  violates: ["direct", "default-ingress"],
  passing: () => {
    service("behind-lb", "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER");
    service("staging-direct", "INGRESS_TRAFFIC_ALL", "staging");
  },
});
