/**
 * What runs on a cluster once nodes exist: the coredns and aws-ebs-csi-driver managed add-ons
 * (the CSI driver with its own IRSA role), the cluster software as Helm releases with pinned
 * chart versions (cluster-autoscaler, NVIDIA device plugin on GPU nodes only, metrics-server,
 * vertical-pod-autoscaler, aws-load-balancer-controller, each controller with its own IRSA
 * role), the default encrypted gp3 StorageClass, and the monitoring stack (kube-prometheus-stack,
 * see monitoring.ts) whose CRDs the systems' PrometheusRules need.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../../stacks/sections/platform";
import { clusterAutoscalerPolicy } from "./iam/cluster-autoscaler";
import { managedPolicy } from "./iam/documents";
import { loadBalancerControllerPolicy } from "./iam/load-balancer-controller";
import { ebsCsiKeyAccess } from "./keys";
import { serviceAccountRole, type ClusterOidc } from "./irsa";
import { MONITORING_RELEASE, MONITORING_NAMESPACE, kubePrometheusStackValues } from "./monitoring";
import { mergeValues, type MonitoringOverlayHook } from "./monitoring-hook";
import { COMPUTE_TYPE_LABEL, type Taint } from "./pools";

/** Where each chart comes from (the upstream projects' Helm repositories). */
export const CHART_SOURCES = {
  clusterAutoscaler: { chart: "cluster-autoscaler", repo: "https://kubernetes.github.io/autoscaler", namespace: "kube-system" },
  nvidiaDevicePlugin: { chart: "nvidia-device-plugin", repo: "https://nvidia.github.io/k8s-device-plugin", namespace: "kube-system" },
  metricsServer: { chart: "metrics-server", repo: "https://kubernetes-sigs.github.io/metrics-server/", namespace: "kube-system" },
  verticalPodAutoscaler: { chart: "vpa", repo: "https://charts.fairwinds.com/stable", namespace: "vpa" },
  awsLoadBalancerController: { chart: "aws-load-balancer-controller", repo: "https://aws.github.io/eks-charts", namespace: "kube-system" },
  kubePrometheusStack: { chart: "kube-prometheus-stack", repo: "https://prometheus-community.github.io/helm-charts", namespace: MONITORING_NAMESPACE },
} as const satisfies Record<keyof PlatformConfig["charts"], { chart: string; repo: string; namespace: string }>;

export const STORAGE_CLASS_NAME = "gp3-encrypted";

/**
 * aws-ebs-csi-driver add-on configuration. The node DaemonSet tolerates every taint so GPU and
 * neuromorphic simulation pods can mount volumes, but it must stay off the on-premises hybrid
 * boards (no EBS there: the driver would crash-loop on them); the affinity keeps the chart's
 * default exclusions (Fargate, a1 instances) and adds Auto Mode and hybrid nodes.
 */
export const EBS_CSI_CONFIGURATION = {
  node: {
    tolerateAllTaints: true,
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: COMPUTE_TYPE_LABEL, operator: "NotIn", values: ["fargate", "auto", "hybrid"] },
                { key: "node.kubernetes.io/instance-type", operator: "NotIn", values: ["a1.medium", "a1.large", "a1.xlarge", "a1.2xlarge", "a1.4xlarge"] },
              ],
            },
          ],
        },
      },
    },
  },
} as const;

export interface ClusterAddonsArgs {
  /** The region's explicit AWS and Kubernetes providers. */
  readonly awsProvider: aws.Provider;
  readonly kubernetesProvider: k8s.Provider;
  readonly region: string;
  readonly clusterName: pulumi.Input<string>;
  /** Physical cluster name (autoscaler IAM scoping). */
  readonly clusterTagName: string;
  readonly vpcId: pulumi.Input<string>;
  readonly oidc: ClusterOidc;
  readonly addonVersions: { readonly coredns: string; readonly ebsCsiDriver: string };
  readonly charts: PlatformConfig["charts"];
  /** cluster-autoscaler image tag, the cluster's minor (stacks/dated.ts compatibility set). */
  readonly clusterAutoscalerImageTag: string;
  /** Node selector of the general pool, where the controllers run. */
  readonly systemNodeSelector: Readonly<Record<string, string>>;
  /** GPU pool labels and taint: the device plugin runs only there. */
  readonly gpu: { readonly labels: Readonly<Record<string, string>>; readonly taint: Taint };
  /** Customer-managed KMS key (ARN) for PersistentVolumes (the StorageClass and the CSI driver's role). */
  readonly volumeKmsKeyArn: pulumi.Input<string>;
  /** Node groups the workloads schedule on: add-ons wait for them. */
  readonly nodes: pulumi.Resource[];
  /** Extra tags on every taggable AWS child. Default: none. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Additions to the kube-prometheus-stack values (issue #20: Alertmanager routing). Default: none. */
  readonly monitoringOverlay?: MonitoringOverlayHook;
}

export class ClusterAddons extends pulumi.ComponentResource {
  readonly storageClassName: string;
  /** Add-ons, releases and the StorageClass: what workloads wait for. */
  readonly ready: pulumi.Resource[];
  /** The AWS Load Balancer Controller release: whatever creates a Service or an Ingress waits for it. */
  readonly loadBalancerController: k8s.helm.v3.Release;
  /** Release name -> chart version installed. */
  readonly releases: Record<string, string>;

  constructor(name: string, args: ClusterAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:ClusterAddons", name, {}, opts);
    const awsChild: pulumi.CustomResourceOptions = { parent: this, provider: args.awsProvider };
    const k8sChild: pulumi.CustomResourceOptions = { parent: this, provider: args.kubernetesProvider };
    const tags = { ...(args.tags ?? {}) };
    const irsa = (suffix: string, namespace: string, serviceAccount: string, policies: { managedPolicyArns?: string[]; inlinePolicy?: pulumi.Input<string> }) =>
      serviceAccountRole(`${name}-${suffix}`, { oidc: args.oidc, namespace, serviceAccount, tags, ...policies }, awsChild);

    const addon = (addonName: string, addonVersion: string, extra: Partial<aws.eks.AddonArgs>, dependsOn: pulumi.Resource[]) =>
      new aws.eks.Addon(
        `${name}-${addonName}`,
        { clusterName: args.clusterName, addonName, addonVersion, resolveConflictsOnCreate: "OVERWRITE", resolveConflictsOnUpdate: "OVERWRITE", tags, ...extra },
        { ...awsChild, dependsOn: [...args.nodes, ...dependsOn] },
      );
    const coredns = addon("coredns", args.addonVersions.coredns, {}, []);
    const ebsRole = irsa("ebs-csi", "kube-system", "ebs-csi-controller-sa", {
      managedPolicyArns: [managedPolicy("service-role/AmazonEBSCSIDriverPolicy")],
      inlinePolicy: pulumi.output(args.volumeKmsKeyArn).apply(ebsCsiKeyAccess),
    });
    const ebsCsi = addon("aws-ebs-csi-driver", args.addonVersions.ebsCsiDriver, { serviceAccountRoleArn: ebsRole.role.arn, configurationValues: JSON.stringify(EBS_CSI_CONFIGURATION) }, ebsRole.ready);

    const base = [...args.nodes, coredns];
    this.releases = {};
    const release = (key: keyof PlatformConfig["charts"], releaseName: string, values: pulumi.Input<Record<string, unknown>>, dependsOn: pulumi.Resource[] = []) => {
      const source = CHART_SOURCES[key];
      this.releases[releaseName] = args.charts[key];
      return new k8s.helm.v3.Release(
        `${name}-${releaseName}`,
        {
          name: releaseName,
          chart: source.chart,
          version: args.charts[key],
          repositoryOpts: { repo: source.repo },
          namespace: source.namespace,
          createNamespace: source.namespace !== "kube-system",
          // atomic implies --wait: the release is created once its pods are ready.
          atomic: true,
          cleanupOnFail: true,
          values,
        },
        { ...k8sChild, dependsOn: [...base, ...dependsOn] },
      );
    };
    const system = { nodeSelector: { ...args.systemNodeSelector } };

    // The load balancer controller first: its chart registers a mutating webhook for Services
    // (mservice.elbv2.k8s.aws, failurePolicy Fail) that answers only once its pods are ready, so a
    // chart creating a Service in parallel fails ("failed calling webhook"; aws-load-balancer-
    // controller docs, "Installation", and kubernetes-sigs/aws-load-balancer-controller#2264).
    // Every other release, and everything the systems install, waits for it (`ready`).
    const lbcRole = irsa("aws-load-balancer-controller", "kube-system", "aws-load-balancer-controller", { inlinePolicy: loadBalancerControllerPolicy });
    const lbc = release(
      "awsLoadBalancerController",
      "aws-load-balancer-controller",
      {
        clusterName: args.clusterName,
        region: args.region,
        vpcId: args.vpcId,
        serviceAccount: { create: true, name: "aws-load-balancer-controller", annotations: { "eks.amazonaws.com/role-arn": lbcRole.role.arn } },
        ...system,
      },
      lbcRole.ready,
    );
    this.loadBalancerController = lbc;
    const afterLbc = (key: keyof PlatformConfig["charts"], releaseName: string, values: pulumi.Input<Record<string, unknown>>, dependsOn: pulumi.Resource[] = []) => release(key, releaseName, values, [lbc, ...dependsOn]);

    const autoscalerRole = irsa("cluster-autoscaler", "kube-system", "cluster-autoscaler", { inlinePolicy: clusterAutoscalerPolicy(args.clusterTagName) });
    const autoscaler = afterLbc(
      "clusterAutoscaler",
      "cluster-autoscaler",
      {
        cloudProvider: "aws",
        awsRegion: args.region,
        autoDiscovery: { clusterName: args.clusterName },
        // The autoscaler's minor must be the cluster's (kubernetes/autoscaler README, "Releases").
        image: { tag: args.clusterAutoscalerImageTag },
        rbac: { serviceAccount: { create: true, name: "cluster-autoscaler", annotations: { "eks.amazonaws.com/role-arn": autoscalerRole.role.arn } } },
        extraArgs: { "balance-similar-node-groups": true, "skip-nodes-with-system-pods": false, expander: "least-waste" },
        ...system,
      },
      autoscalerRole.ready,
    );

    const gpuToleration = { key: args.gpu.taint.key, operator: "Equal", value: args.gpu.taint.value, effect: args.gpu.taint.effect };
    const devicePlugin = afterLbc("nvidiaDevicePlugin", "nvidia-device-plugin", { nodeSelector: { ...args.gpu.labels }, tolerations: [gpuToleration] });

    const metrics = afterLbc("metricsServer", "metrics-server", { ...system });
    // VPA needs metrics-server for its recommender's resource metrics.
    const vpa = afterLbc("verticalPodAutoscaler", "vertical-pod-autoscaler", { recommender: { ...system }, updater: { ...system }, admissionController: { ...system } }, [metrics]);

    this.storageClassName = STORAGE_CLASS_NAME;
    const storageClass = new k8s.storage.v1.StorageClass(
      `${name}-gp3`,
      {
        metadata: { name: STORAGE_CLASS_NAME, labels: {}, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true", kmsKeyId: args.volumeKmsKeyArn, "csi.storage.k8s.io/fstype": "ext4" },
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        reclaimPolicy: "Delete",
      },
      { ...k8sChild, dependsOn: [ebsCsi] },
    );

    // Prometheus Operator (PrometheusRule CRDs), Prometheus and Alertmanager on encrypted volumes.
    const monitoringBase = kubePrometheusStackValues({ nodeSelector: args.systemNodeSelector, storageClassName: STORAGE_CLASS_NAME });
    const overlay = args.monitoringOverlay?.({ region: args.region, awsProvider: args.awsProvider, kubernetesProvider: args.kubernetesProvider, oidc: args.oidc, release: MONITORING_RELEASE, namespace: MONITORING_NAMESPACE });
    const monitoring = afterLbc(
      "kubePrometheusStack",
      MONITORING_RELEASE,
      overlay ? pulumi.output(overlay.values).apply((extra) => mergeValues(monitoringBase, extra)) : monitoringBase,
      [storageClass, ...(overlay?.dependsOn ?? [])],
    );

    this.ready = [coredns, ebsCsi, autoscaler, devicePlugin, metrics, vpa, lbc, storageClass, monitoring];
    this.registerOutputs({ storageClassName: this.storageClassName, releases: this.releases });
  }
}
