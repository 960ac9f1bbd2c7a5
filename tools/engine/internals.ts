/**
 * Typed access to the few @internal parts of the Pulumi runtime the offline engine needs:
 * a fresh runtime store per run (as the Automation API's inline programs use) and the
 * mock-monitor switch.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The engine RPCs a program makes (besides the monitor's): diagnostics, which the offline
 * engine records, and root-resource / CLI-version handshakes, which it accepts.
 */
export interface LogSink {
  log(req: { getSeverity(): number; getMessage(): string; getUrn(): string }, callback: () => void): void;
  setRootResource(req: unknown, callback: (err: unknown, resp: unknown) => void): void;
  requirePulumiVersion(req: unknown, callback: (err: unknown, resp: unknown) => void): void;
  close(): void;
}

interface RuntimeStore {
  settings: { engine?: LogSink };
  supportsSecrets: boolean;
  supportsResourceReferences: boolean;
  supportsOutputValues: boolean;
  supportsDeletedWith: boolean;
  supportsReplaceWith: boolean;
  supportsAliasSpecs: boolean;
  supportsTransforms: boolean;
  supportsParameterization: boolean;
  supportsResourceHooks: boolean;
  supportsErrorHooks: boolean;
}

const state = require("@pulumi/pulumi/runtime/state") as {
  withLocalStorage<T>(callback: () => Promise<T>): Promise<T>;
  getStore(): RuntimeStore;
};
const settings = require("@pulumi/pulumi/runtime/settings") as {
  setMockOptions(monitor: unknown, project: string, stack: string, preview: boolean, organization?: string): void;
  waitForRPCs(): Promise<void>;
};
const stack = require("@pulumi/pulumi/runtime/stack") as {
  runInPulumiStack(init: () => Promise<unknown>): Promise<Record<string, unknown> | undefined>;
};
const config = require("@pulumi/pulumi/runtime/config") as {
  setAllConfig(values: Record<string, string>, secretKeys?: string[]): void;
};

export const withFreshRuntime = state.withLocalStorage;
export const runInPulumiStack = stack.runInPulumiStack;
export const waitForRPCs = settings.waitForRPCs;
export const setAllConfig = config.setAllConfig;

/**
 * Installs `monitor` as the mock monitor with the features `pulumi.runtime.setMocks` enables,
 * `preview` as what `pulumi.runtime.isDryRun()` answers, and `engine` (when given) as the
 * engine that receives `pulumi.log` diagnostics.
 */
export function installMonitor(monitor: unknown, project: string, stackName: string, preview: boolean, engine?: LogSink): void {
  // "organization" is the org a DIY backend (and Pulumi's own mocks) report; StackReference names need one.
  settings.setMockOptions(monitor, project, stackName, preview, "organization");
  const store = state.getStore();
  if (engine) store.settings.engine = engine;
  store.supportsSecrets = true;
  store.supportsResourceReferences = true;
  store.supportsOutputValues = false;
  store.supportsDeletedWith = true;
  store.supportsReplaceWith = true;
  store.supportsAliasSpecs = true;
  store.supportsTransforms = false;
  store.supportsParameterization = true;
  store.supportsResourceHooks = true;
  store.supportsErrorHooks = true;
}
