import { HIPAA, SECURITY } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { K8S_WORKLOADS } from "../../lib/inventory";
import { containersOf, podSpecOf } from "../../lib/k8s";
import { resourceRule } from "../../lib/rule";
import { get, records, str, type Props } from "../../lib/values";
import { isDigestPinned } from "../../../stacks/images";

/** Cloud Run services and jobs (v2 and v1) and Lambda functions: the serverless workloads that run an image. */
const SERVERLESS = ["gcp:cloudrunv2/service:Service", "gcp:cloudrunv2/job:Job", "gcp:cloudrun/service:Service", "aws:lambda/function:Function"];

/** Every image reference a workload runs, with where it sits. */
function imagesOf(type: string, props: Props): { where: string; image: string | undefined }[] {
  if (type === "aws:lambda/function:Function") {
    // Zip functions run no image; an image function names it in imageUri.
    return str(props.packageType) === "Image" || props.imageUri !== undefined ? [{ where: "imageUri", image: str(props.imageUri) }] : [];
  }
  if (type.startsWith("gcp:cloudrun")) {
    const template = type === "gcp:cloudrunv2/job:Job" ? get(props, "template", "template") : type === "gcp:cloudrun/service:Service" ? get(props, "template", "spec") : props.template;
    return records(get(template, "containers")).map((c, i) => ({ where: `container ${str(c.name) ?? i}`, image: str(c.image) }));
  }
  const pod = podSpecOf(type, props);
  return pod ? containersOf(pod).map((c) => ({ where: `${c.role} ${c.name}`, image: str(c.spec.image) })) : [];
}

/**
 * Production runs exactly the images that were reviewed: a tag can be moved to other content
 * after the plan (or pushed over, where tags are mutable), a digest cannot. The config check
 * (stacks/readiness.ts) pins every image key; this rule covers what config does not see, so a
 * component default or a hand-written workload cannot bypass the pin.
 */
export const imagesDigestPinned = resourceRule<Props>({
  id: "baseline-images-digest-pinned",
  description: "Every production container image (Kubernetes workloads, Cloud Run, Lambda) is pinned by digest: registry/repository@sha256:<64 hex>.",
  severity: "high",
  controls: [HIPAA.integrity, HIPAA.riskManagement, SECURITY.workloads],
  remediation: "Set the image key to `<registry>/<repository>@sha256:<digest>` (the digest CI pushed: `docker buildx imagetools inspect <image>:<tag>`); never a tag alone.",
  appliesTo: [...K8S_WORKLOADS, ...SERVERLESS],
  check: (props, args, finding) => {
    if (!resourceFacts(args).production) return;
    for (const { where, image } of imagesOf(args.type, props)) {
      if (image === undefined) continue; // unknown in a preview: the config check has seen it
      if (!isDigestPinned(image)) finding(`${where}: ${image} is not pinned by digest`);
    }
  },
});
