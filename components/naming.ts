/** Physical names: stable, environment-scoped, within each cloud's limits. */

/** `<base>-<environment>` unless the base already ends with it; lowercase, max `limit` characters. */
export function envName(base: string, environment: string, limit = 63): string {
  const name = base.endsWith(`-${environment}`) ? base : `${base}-${environment}`;
  return name.toLowerCase().slice(0, limit).replace(/-+$/, "");
}

/** Child resource name: `<component>-<suffix>` (DESIGN principle 2). */
export function childName(component: string, suffix: string): string {
  return `${component}-${suffix}`;
}

/** Short environment code used where names are tight: stg / prod. */
export function envCode(environment: string): string {
  return environment === "production" ? "prod" : environment === "staging" ? "stg" : environment.slice(0, 4);
}
