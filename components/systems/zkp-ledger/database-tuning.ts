/**
 * The guide's PostgreSQL tuning on the RDS parameter group of a PostgresDatabase.
 *
 * PostgresDatabase (components/aws/data) builds its own parameter group (TLS only, connection
 * logging) and takes no extra parameters, so this transformation, passed in the component's
 * `transformations`, appends the tuning to that group's `parameters` when the group is
 * registered. It refuses to redefine a parameter the component already sets, so it can never
 * weaken `rds.force_ssl` or the audit logging. Once PostgresDatabase accepts extra parameters,
 * pass ZKP_POSTGRES.parameters there instead and delete this file.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

const PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup";

/** One RDS parameter (value in the engine's units, e.g. 8 kB pages for shared_buffers). */
export interface RdsParameter {
  readonly name: string;
  readonly value: string;
  /** "immediate" for dynamic parameters, "pending-reboot" for static ones (shared_buffers, max_connections). */
  readonly applyMethod: "immediate" | "pending-reboot";
}

/** Appends `parameters` to the RDS parameter groups created under the component it is given to. */
export function rdsParameters(parameters: readonly RdsParameter[]): pulumi.ResourceTransformation {
  return (args) => {
    if (args.type !== PARAMETER_GROUP) return undefined;
    const props = args.props as aws.rds.ParameterGroupArgs;
    const existing = props.parameters ?? [];
    // PostgresDatabase passes a plain array; anything else is a contract change to surface, not paper over.
    if (!Array.isArray(existing)) throw new Error(`${args.name}: parameter group parameters are not a plain array; cannot add the tuning parameters`);
    const names = new Set(existing.map((p: unknown) => (p as { name?: unknown }).name));
    const clash = parameters.filter((p) => names.has(p.name));
    if (clash.length > 0) throw new Error(`${args.name}: the tuning would redefine ${clash.map((p) => p.name).join(", ")}, which the component already sets`);
    return { props: { ...args.props, parameters: [...existing, ...parameters.map((p) => ({ ...p }))] }, opts: args.opts };
  };
}
