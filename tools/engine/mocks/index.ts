import type * as pulumi from "@pulumi/pulumi";
import { awsCall, awsResource } from "./aws";
import { gcpCall, gcpResource } from "./gcp";
import { generatedResource } from "./generated";
import { kubernetesResource } from "./kubernetes";
import { digest, type MockContext, type State } from "./util";

/**
 * The offline engine's provider: every resource gets the outputs its real provider would
 * report (ids, ARNs, self links, endpoints, certificates), derived deterministically from its
 * type and name so two plans of the same program are byte-identical.
 */
export class OfflineProvider implements pulumi.runtime.Mocks {
  private readonly providers = new Map<string, State>();

  /**
   * @param stackOutputs What a StackReference reads: the outputs of the stack's previous update
   *   (`--previous PLAN.json`); none when the stack has not been deployed.
   */
  constructor(private readonly stackOutputs: Readonly<Record<string, unknown>> = {}) {}

  /** Remembers a provider's inputs under its URN so resources can read region/project. */
  rememberProvider(urn: string, inputs: State): void {
    this.providers.set(urn, inputs);
  }

  private providerInputs(ref: string | undefined): State {
    if (!ref) return {};
    return this.providers.get(ref.split("::").slice(0, -1).join("::")) ?? this.providers.get(ref) ?? {};
  }

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: State } {
    const ctx: MockContext = { type: args.type, name: args.name, inputs: args.inputs as State, provider: this.providerInputs(args.provider) };
    if (args.type.startsWith("pulumi:providers:")) return { id: digest(args.type, args.name).slice(0, 36), state: ctx.inputs };
    // A StackReference is a read: the engine answers with the referenced stack's outputs.
    if (args.type === "pulumi:pulumi:StackReference") return { id: args.id ?? String(ctx.inputs.name), state: { name: ctx.inputs.name, outputs: this.stackOutputs, secretOutputNames: [] } };
    if (!args.custom) return { id: undefined, state: {} };
    const pkg = args.type.split(":")[0];
    if (pkg === "aws") return awsResource(ctx);
    if (pkg === "gcp") return gcpResource(ctx);
    if (pkg === "kubernetes") return kubernetesResource(ctx);
    return generatedResource(ctx) ?? { id: `${args.name}-${digest(args.type, args.name).slice(0, 8)}`, state: ctx.inputs };
  }

  call(args: pulumi.runtime.MockCallArgs): State {
    const provider = this.providerInputs(args.provider);
    const inputs = args.inputs as State;
    const pkg = args.token.split(":")[0];
    const result = pkg === "aws" ? awsCall(args.token, inputs, provider) : pkg === "gcp" ? gcpCall(args.token, inputs, provider) : undefined;
    if (result === undefined) {
      throw new Error(`offline engine: no mock for data source ${args.token}; add one in tools/engine/mocks/`);
    }
    return result;
  }
}
