/**
 * A resource monitor for Pulumi's mock runtime that records every registration (type, name,
 * parent, provider, inputs, dependencies, options) the way the engine receives it, and answers
 * with outputs from the OfflineProvider.
 */
import * as path from "path";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { getProject, getStack } from "@pulumi/pulumi/metadata";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import type { OfflineProvider } from "./mocks";
import type { RecordedResource } from "./model";
import { markSecret, maskWire, SIG_KEY, UNKNOWN } from "./wire";
import { secretFingerprints } from "./secrets";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resproto = require(path.join(pulumiDir, "proto", "resource_pb"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const structproto = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));

/** A recorded resource plus what only the engine sees: raw wire inputs and outputs. */
export interface EngineResource extends RecordedResource {
  readonly custom: boolean;
  /** Inputs in wire form (secrets wrapped, not masked): what an analyzer receives. */
  readonly wireInputs: Record<string, unknown>;
  /** Outputs in wire form: what a stack policy receives. */
  wireOutputs: Record<string, unknown>;
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

interface Struct {
  toJavaScript(): Record<string, unknown>;
}
interface UrnList {
  getUrnsList(): string[];
}
/** The parts of RegisterResourceRequest the recorder reads. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): Struct | undefined;
  getProvider(): string;
  getImportid(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (v: UrnList, k: string) => void): void };
  getProtect(): boolean | undefined;
  getIgnorechangesList(): string[];
  getDeletebeforereplace(): boolean;
  getRetainondelete(): boolean | undefined;
  getAdditionalsecretoutputsList(): string[];
  getReplaceonchangesList(): string[];
}
type Callback = (err: unknown, resp?: unknown) => void;

/**
 * The URN the engine assigns: the parent's qualified type is folded into the child's, except
 * for children of the root stack (as `resource.NewURN` does).
 */
export function newUrn(parent: string | null, type: string, name: string): string {
  let qualified = type;
  if (parent) {
    const parentQualified = parent.split("::")[2];
    if (parentQualified !== "pulumi:pulumi:Stack") qualified = `${parentQualified}$${type}`;
  }
  return `urn:pulumi:${getStack()}::${getProject()}::${qualified}::${name}`;
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !(SIG_KEY in v);

/**
 * What a provider answers for a create in a first preview: the inputs as given (unknown where
 * they came from another resource's unknown output) and every property only the cloud computes
 * (ids, ARNs, endpoints, generated values, nested status) unknown. "Computed" here is whatever
 * the offline provider adds beyond the inputs: an approximation of each provider schema's
 * computed attributes (a default the provider fills from its schema also shows as unknown).
 */
export function previewOutputs(inputs: unknown, full: unknown): unknown {
  if (!isPlain(inputs) || !isPlain(full)) return inputs;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(full)) out[k] = k in inputs ? previewOutputs(inputs[k], v) : UNKNOWN;
  for (const [k, v] of Object.entries(inputs)) if (!(k in out)) out[k] = v;
  return out;
}

export interface MonitorOptions {
  /** `unknown`: answer as a first preview of an empty stack (`--preview`); default `known`. */
  readonly computedOutputs?: "known" | "unknown";
}

export class RecordingMonitor extends MockMonitor {
  readonly recorded: EngineResource[] = [];
  private readonly byUrn = new Map<string, EngineResource>();
  private readonly unknownOutputs: boolean;

  constructor(
    private readonly provider: OfflineProvider,
    options: MonitorOptions = {},
  ) {
    super(provider);
    this.unknownOutputs = options.computedOutputs === "unknown";
  }

  override async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
    try {
      const type = req.getType();
      const name = req.getName();
      const parent = req.getParent() || null;
      const urn = newUrn(parent, type, name);
      const wireInputs = req.getObject()?.toJavaScript() ?? {};
      const inputs = rpc.deserializeProperties(req.getObject() ?? structproto.Struct.fromJavaScript({})) as Record<string, unknown>;
      if (type.startsWith("pulumi:providers:")) this.provider.rememberProvider(urn, inputs);
      const result = await this.provider.newResource({ type, name, inputs, provider: req.getProvider(), custom: req.getCustom(), id: req.getImportid() });
      const serialized = (await rpc.serializeProperties("", result.state)) as Record<string, unknown>;
      const unknown = this.unknownOutputs && req.getCustom();
      const state = markSecret(unknown ? (previewOutputs(wireInputs, serialized) as Record<string, unknown>) : serialized, req.getAdditionalsecretoutputsList());
      // An empty id is what the engine answers in a preview for a resource it has yet to create.
      const id = unknown ? "" : (result.id ?? null);
      this.resources.set(urn, { urn, id, state });

      const propertyDependencies: Record<string, string[]> = {};
      req.getPropertydependenciesMap().forEach((v, k) => (propertyDependencies[k] = v.getUrnsList()));
      const providerRef = req.getProvider();
      const record: EngineResource = {
        urn,
        type,
        name,
        parent,
        provider: providerRef ? providerRef.split("::").slice(0, -1).join("::") : null,
        inputs: maskWire(wireInputs) as Record<string, unknown>,
        secrets: secretFingerprints(urn, wireInputs),
        dependencies: [...new Set(req.getDependenciesList())],
        options: {
          protect: req.getProtect() === true,
          ignoreChanges: req.getIgnorechangesList(),
          deleteBeforeReplace: req.getDeletebeforereplace(),
          retainOnDelete: req.getRetainondelete() === true,
          additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
          replaceOnChanges: req.getReplaceonchangesList(),
        },
        custom: req.getCustom(),
        wireInputs,
        wireOutputs: state,
        propertyDependencies,
      };
      this.recorded.push(record);
      this.byUrn.set(urn, record);

      const response = new resproto.RegisterResourceResponse();
      response.setUrn(urn);
      response.setId(id || "");
      response.setObject(structproto.Struct.fromJavaScript(state));
      callback(null, response);
    } catch (err) {
      callback(err, undefined);
    }
  }

  override registerResourceOutputs(req: { getUrn(): string; getOutputs(): Struct | undefined }, callback: Callback): void {
    const record = this.byUrn.get(req.getUrn());
    if (record) record.wireOutputs = req.getOutputs()?.toJavaScript() ?? {};
    super.registerResourceOutputs(req, callback);
  }
}
