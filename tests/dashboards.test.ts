/**
 * Every Grafana dashboard both plans provision (ConfigMaps labelled for the chart's dashboard
 * sidecar) is valid against the dashboard model Grafana publishes, and every query, like every
 * PrometheusRule expression, names only series a recorded exporter or system produces.
 *
 * @grafana/schema ships the model as TypeScript types generated from Grafana's schema (no JSON
 * schema file), so each recorded dashboard JSON is compiled as an object literal of type
 * `Dashboard` (excess-property and type checks) by the TypeScript compiler.
 */
import * as path from "path";
import * as ts from "typescript";
import { planStack, resourcesOf, type EngineResource, type Plan } from "./harness";
import { KNOWN_SERIES, metricNames } from "../components/k8s/metric-catalog";

type Json = Record<string, unknown>;
const STACKS = ["staging", "production"] as const;
const plans = new Map<string, Plan>();
beforeAll(async () => {
  for (const s of STACKS) plans.set(s, await planStack(s));
});

function dashboardsOf(p: Plan): { resource: EngineResource; json: Json }[] {
  return resourcesOf(p, "kubernetes:core/v1:ConfigMap")
    .filter((r) => ((r.inputs.metadata as { labels?: Json }).labels ?? {}).grafana_dashboard === "1")
    .flatMap((r) => Object.values(r.inputs.data as Record<string, string>).map((text) => ({ resource: r, json: JSON.parse(text) as Json })));
}

/** TypeScript diagnostics of `const d: Dashboard = <json>` for each dashboard. */
function schemaErrors(dashboards: readonly Json[]): string[] {
  const root = path.resolve(__dirname, "..");
  const files = new Map(dashboards.map((d, i) => [path.join(root, `__dashboard_${i}.ts`), `import type { Dashboard } from "@grafana/schema";\nexport const d: Dashboard = ${JSON.stringify(d, null, 1)};\n`]));
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => files.get(f) ?? read(f);
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => files.has(f) || exists(f);
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, ...rest) => (files.has(f) ? ts.createSourceFile(f, files.get(f)!, lang) : getSource(f, lang, ...rest));
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.basename(d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

describe.each(STACKS)("%s", (stack) => {
  const p = () => plans.get(stack)!;

  test("the guide's five ZKP dashboards and NCA's are provisioned for the sidecar, with folders", () => {
    const titles = dashboardsOf(p()).map((d) => String(d.json.title)).sort();
    expect(titles).toEqual(["NCA / Overview", "ZKP Ledger / Application Performance", "ZKP Ledger / Cryptographic Operations", "ZKP Ledger / Database Performance", "ZKP Ledger / Security", "ZKP Ledger / System Overview"]);
    for (const { resource } of dashboardsOf(p())) expect((resource.inputs.metadata as { annotations: Json }).annotations.grafana_folder).toMatch(/^(NCA|ZKP Ledger)$/);
  });

  test("every dashboard validates against @grafana/schema's Dashboard model", () => {
    const dashboards = dashboardsOf(p()).map((d) => d.json);
    expect(dashboards.length).toBe(6);
    expect(schemaErrors(dashboards)).toEqual([]);
  });

  test("every panel queries Prometheus, and every query names series an exporter or system produces", () => {
    const unknown: string[] = [];
    let queries = 0;
    for (const { json } of dashboardsOf(p())) {
      for (const panel of json.panels as { title: string; datasource: Json; targets: { expr: string }[] }[]) {
        expect(panel.targets.length).toBeGreaterThan(0);
        expect(panel.datasource).toEqual({ type: "prometheus", uid: "prometheus" });
        for (const t of panel.targets) {
          queries++;
          const names = metricNames(t.expr);
          expect(names.length).toBeGreaterThan(0);
          for (const n of names) if (!KNOWN_SERIES.has(n)) unknown.push(`${String(json.title)} / ${panel.title}: ${n}`);
        }
      }
    }
    expect(queries).toBeGreaterThan(30);
    expect(unknown).toEqual([]);
  });

  test("every PrometheusRule expression names series an exporter or system produces", () => {
    const unknown: string[] = [];
    for (const rule of resourcesOf(p(), "kubernetes:monitoring.coreos.com/v1:PrometheusRule")) {
      for (const group of (rule.inputs.spec as { groups: { rules: { alert: string; expr: string }[] }[] }).groups) {
        for (const r of group.rules) for (const n of metricNames(r.expr)) if (!KNOWN_SERIES.has(n)) unknown.push(`${r.alert}: ${n}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});

describe("the schema check can fail", () => {
  test("a dashboard with a wrongly typed or unknown field is reported", () => {
    const errors = schemaErrors([{ title: "x", schemaVersion: "39", panels: [{ type: "stat", gridPos: { h: 1, w: 1, x: 0, y: 0, bogus: 1 } }] }]);
    expect(errors.join("\n")).toMatch(/schemaVersion|bogus/);
  });
  test("metricNames reads selectors, not functions, labels or ranges", () => {
    expect(metricNames('histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="a", status=~"5.."}[5m]))) > 0.5').sort()).toEqual(["http_request_duration_seconds_bucket"]);
    expect(metricNames("time() - max by (cronjob) (kube_cronjob_status_last_successful_time) > 3600")).toEqual(["kube_cronjob_status_last_successful_time"]);
  });
});
