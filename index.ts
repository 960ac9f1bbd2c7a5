/**
 * neurastack composition root: load and validate the stack config (nothing is created when it
 * is invalid), build each enabled system with its own providers, export their outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { AwsPlatform } from "./components/aws/platform";
import { alertmanagerOverlay } from "./components/aws/alerting/alertmanager";
import { AlertRouting } from "./components/aws/alerting/routing";
import { AwsSecurity } from "./components/aws/security/aws-security";
import { composeOverlays } from "./components/aws/monitoring-hook";
import { ClusterObservability } from "./components/k8s/cluster-observability";
import type { SystemContext } from "./components/context";
import { complianceTransformation, type SystemLabels } from "./components/labels";
import { Registries } from "./components/registries";
import { ConvergenceApi } from "./components/systems/convergence-api";
import { NeuralLedger } from "./components/systems/neural-ledger";
import { NeuroCognitive } from "./components/systems/neuro-cognitive";
import { SnnFusion } from "./components/systems/snn-fusion";
import { ZkpLedger } from "./components/systems/zkp-ledger";
import { ConfigError } from "./stacks/errors";
import { assertNoSilentRemoval, inventoryOf, parseInventory, removals, type Inventory } from "./stacks/inventory";
import { loadStackConfig, readRawConfig } from "./stacks/load";
import { planDate } from "./stacks/plan-date";
import type { StackConfig, SystemName } from "./stacks/schema";

function loadConfig(): StackConfig {
  try {
    return loadStackConfig(readRawConfig());
  } catch (e) {
    // RunError: the CLI prints the message without a stack trace.
    if (e instanceof ConfigError) throw new pulumi.RunError(e.message);
    throw e;
  }
}

/**
 * The `inventory` output of this stack's previous update, read through a StackReference to the
 * stack itself (undefined on a first deploy). A stack may reference itself: the engine reads the
 * last checkpoint's outputs (https://github.com/pulumi/pulumi/issues/3722, maintainer's example).
 * Offline, `--previous PLAN.json` answers it.
 */
async function previousInventory(): Promise<Inventory | undefined> {
  const self = new pulumi.StackReference("previous-update", { name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}` });
  const details = await self.getOutputDetails("inventory");
  return parseInventory(details.value);
}

export = async function neurastack(): Promise<Record<string, unknown>> {
  const config = loadConfig();
  // Destructive guard (stacks/inventory.ts): before anything is registered, a production
  // update that would drop a system, region or stateful store must confirm it. ConfigError
  // is a RunError to the CLI: message, no stack trace.
  const inventory = inventoryOf(config);
  const previous = await previousInventory();
  assertNoSilentRemoval({ environment: config.environment, previous, current: inventory, confirmRemoval: config.confirmRemoval, planDate: planDate() });
  // Staging may drop anything, but the preview still says what the update would destroy.
  const dropped = previous ? removals(previous, inventory) : [];
  if (dropped.length > 0) pulumi.log.warn(`this update destroys what the previous one deployed: ${dropped.join(", ")}`);
  const enabled = (system: SystemName) => config.systems.includes(system);
  const contextFor = (system: string): SystemContext => {
    const labels: SystemLabels = { system, environment: config.environment, owner: config.compliance.owner };
    return { config, labels };
  };
  const optsFor = (context: SystemContext): pulumi.ComponentResourceOptions => ({ transformations: [complianceTransformation(context.labels)] });
  // What the next update's guard reads: systems, regions and stateful stores of this one.
  const outputs: Record<string, unknown> = { environment: config.environment, inventory };

  // Registries first and on their own: the registries bootstrap phase builds only them, so CI
  // can push the first images before anything pins their digests.
  const registriesContext = contextFor("registries");
  outputs.registries = new Registries("registries", { context: registriesContext }, optsFor(registriesContext)).exports;
  if (config.registries.bootstrap) return outputs;

  if (config.neuralLedger && enabled("neuralLedger")) {
    const context = contextFor("neural-ledger");
    outputs.neuralLedger = new NeuralLedger("neural-ledger", { context, settings: config.neuralLedger }, optsFor(context)).exports;
  }
  if (config.convergence && enabled("convergence")) {
    const context = contextFor("convergence");
    outputs.convergence = new ConvergenceApi("convergence-api", { context, settings: config.convergence }, optsFor(context)).exports;
  }

  const needsPlatform = enabled("snnFusion") || enabled("nca") || enabled("zkpLedger");
  if (needsPlatform) {
    const context = contextFor("platform");
    // Alert routing (issue #20): SNS topics per region and severity, shared by the clusters'
    // Alertmanagers and the systems' CloudWatch alarms; Chatbot channels once every system is built.
    const alertingContext = contextFor("alerting");
    const routing = new AlertRouting("alerting", { context: alertingContext }, optsFor(alertingContext));
    // Grafana with the dashboard sidecar, tracing (OpenTelemetry Collector -> Jaeger) and the
    // custom-metrics adapter on every cluster (issue #20).
    const observabilityContext = contextFor("observability");
    const observability = new ClusterObservability("observability", {}, optsFor(observabilityContext));
    const platform = new AwsPlatform(
      "platform",
      {
        context,
        settings: config.platform,
        regions: config.regions,
        monitoringOverlay: composeOverlays(alertmanagerOverlay(routing, "alerting", config.alerting), observability.grafanaOverlay()),
      },
      optsFor(context),
    );
    for (const regional of platform.regions.values()) observability.addCluster(regional);
    observability.finish();
    outputs.platform = platform.exports;
    const placed = (region: string) => {
      const regional = platform.regions.get(region);
      if (!regional) throw new Error(`platform has no region ${region}`);
      return regional;
    };
    if (config.snnFusion && enabled("snnFusion")) {
      const c = contextFor("snn-fusion");
      outputs.snnFusion = new SnnFusion("snn-fusion", { context: c, settings: config.snnFusion, platform, alerts: routing }, optsFor(c)).exports;
    }
    if (config.nca && enabled("nca")) {
      const c = contextFor("nca");
      outputs.nca = new NeuroCognitive("nca", { context: c, settings: config.nca, platform: placed(config.nca.cluster), alerts: routing }, optsFor(c)).exports;
    }
    if (config.zkpLedger && enabled("zkpLedger")) {
      const c = contextFor("zkp-ledger");
      outputs.zkpLedger = new ZkpLedger("zkp-ledger", { context: c, settings: config.zkpLedger, platform: placed(config.zkpLedger.cluster) }, optsFor(c)).exports;
    }
    // GuardDuty, Security Hub and AWS Backup over the platform's regions (issue #19).
    const securityContext = contextFor("security");
    new AwsSecurity("security", { context: securityContext, settings: config.security, platform, alerts: routing }, optsFor(securityContext));
    routing.finish();
  }
  return outputs;
};
