import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { awsProvider, baseLabels, gcpProvider, hardenedContainer, ruleTests } from "../../testing/rule-tests";
import { cronJob, deployment, statefulSet } from "./k8s-workload-fixtures";
import { imagesDigestPinned } from "./images-digest-pinned";

const DIGEST = "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";
const PINNED = `123456789012.dkr.ecr.us-east-1.amazonaws.com/production/app@${DIGEST}`;

const cloudRun = (name: string, image: string, environment = "production") =>
  new gcp.cloudrunv2.Service(name, { location: "us-central1", labels: baseLabels(environment), template: { serviceAccount: "api@fixture-project.iam.gserviceaccount.com", containers: [{ image }] } }, { provider: gcpProvider() });

const lambda = (name: string, args: Partial<aws.lambda.FunctionArgs>) =>
  new aws.lambda.Function(name, { role: "arn:aws:iam::123456789012:role/fn", tags: baseLabels(), ...args }, { provider: awsProvider() });

ruleTests(imagesDigestPinned, {
  violating: () => {
    deployment("tagged-deployment", { ...hardenedContainer(), image: "ghcr.io/example/app:1.0.0" });
    // A digest with a tag beside it, and a short name without a registry, are not the pinned form either.
    statefulSet("tag-and-digest", { ...hardenedContainer(), image: `ghcr.io/example/app:1.0.0@${DIGEST}` });
    cronJob("short-name", { ...hardenedContainer(), image: `grafana/grafana@${DIGEST}` });
    // An init container is a workload image too.
    statefulSet("tagged-init", { ...hardenedContainer(), image: PINNED }, { ...hardenedContainer("init"), image: "docker.io/library/busybox:1.36" });
    cloudRun("tagged-cloud-run", "us-central1-docker.pkg.dev/fixture-project/api/api:v1");
    lambda("tagged-lambda", { packageType: "Image", imageUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/fn:latest" });
  },
  violates: ["tagged-deployment", "tag-and-digest", "short-name", "tagged-init", "tagged-cloud-run", "tagged-lambda"],
  messages: ["container app: ghcr.io/example/app:1.0.0 is not pinned by digest", "initContainer init: docker.io/library/busybox:1.36", "imageUri: "],
  passing: () => {
    deployment("pinned-deployment", { ...hardenedContainer(), image: PINNED });
    statefulSet("pinned-stateful", { ...hardenedContainer(), image: PINNED }, { ...hardenedContainer("init"), image: `docker.io/library/busybox@${DIGEST}` });
    cloudRun("pinned-cloud-run", `us-central1-docker.pkg.dev/fixture-project/api/api@${DIGEST}`);
    lambda("pinned-lambda", { packageType: "Image", imageUri: PINNED });
    // A zip function runs no image.
    lambda("zip-lambda", { runtime: "nodejs22.x", handler: "index.handler", code: undefined, s3Bucket: "code", s3Key: "fn.zip" });
    // Staging may run tags (the environment label says so).
    cloudRun("staging-cloud-run", "us-central1-docker.pkg.dev/fixture-project/api/api:staging", "staging");
  },
});
