/**
 * Which GitHub Actions runner `pulumi up` of a stack runs on, from the stack's validated config:
 * `platform.deployRunner` names a self-hosted runner inside the VPCs (private EKS endpoints);
 * without it the public endpoints admit `platform.endpointPublicAccessCidrs` and a hosted runner
 * whose egress is in them is used. Printed as the JSON list `runs-on` takes
 * (.github/workflows/pulumi-up.yml). Exit 2 on a config error or a placeholder label: a job waiting
 * for a runner label nobody registered queues for 24 hours instead of failing.
 *
 *   node tools/run-ts.js tools/deploy-runner.ts --stack production
 */
import { ConfigError } from "../stacks/errors";
import { loadStackConfig } from "../stacks/load";
import { DEPLOYMENT_INPUTS, notReady } from "../stacks/readiness";
import type { StackConfig } from "../stacks/schema";
import { readStackFiles } from "./engine/project";
import { PROJECT_DIR, rawConfigOf } from "./engine/run";

/** GitHub-hosted runner used when the endpoints are public for the configured CIDRs. */
export const HOSTED_RUNNER = "ubuntu-latest";

/** `runs-on` labels of the deploy job for a validated config. */
export function deployRunnerLabels(config: Pick<StackConfig, "platform">): string[] {
  const label = config.platform.deployRunner;
  if (label === undefined) {
    // Any stack (config validation requires it only of production): a hosted runner cannot reach
    // a private endpoint, and the Kubernetes provider would wait on it until the job times out.
    if (config.platform.endpointPublicAccessCidrs.length === 0) {
      throw new ConfigError([{ key: "neurastack:platform.deployRunner", value: undefined, rule: "is unset and platform.endpointPublicAccessCidrs is empty: the EKS endpoints are private and no runner inside the VPCs is named, so no runner can deploy this stack" }]);
    }
    return [HOSTED_RUNNER];
  }
  const input = DEPLOYMENT_INPUTS.find((i) => i.key === "platform.deployRunner")!;
  const why = notReady(input, label);
  if (why) throw new ConfigError([{ key: "neurastack:platform.deployRunner", value: label, rule: `${why}; register the self-hosted runner inside the VPCs and name its label` }]);
  return ["self-hosted", label];
}

function main(argv: readonly string[]): number {
  const i = argv.indexOf("--stack");
  const stack = i >= 0 ? argv[i + 1] : undefined;
  if (!stack) {
    process.stderr.write("usage: deploy-runner --stack <name>\n");
    return 2;
  }
  try {
    const config = loadStackConfig(rawConfigOf(readStackFiles(PROJECT_DIR, stack)));
    process.stdout.write(`${JSON.stringify(deployRunnerLabels(config))}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (/deploy-runner\.ts$/.test(process.argv[1] ?? "")) process.exit(main(process.argv.slice(2)));
