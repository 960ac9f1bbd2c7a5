/**
 * Cloud Armor rules of the production load balancer (guide: "Use Cloud Armor for DDoS
 * protection", rate limiting active). Order matters: lower priority numbers are evaluated first.
 */
import type * as gcp from "@pulumi/gcp";

type Rule = gcp.types.input.compute.SecurityPolicyRule;

/** OWASP ModSecurity CRS 3.3 rule sets of Cloud Armor's preconfigured WAF that fit a JSON API. */
export const OWASP_RULE_SETS = [
  "sqli-v33-stable",
  "xss-v33-stable",
  "lfi-v33-stable",
  "rfi-v33-stable",
  "rce-v33-stable",
  "methodenforcement-v33-stable",
  "scannerdetection-v33-stable",
  "protocolattack-v33-stable",
  "sessionfixation-v33-stable",
] as const;

export const RATE_LIMIT_PRIORITY = 900;
export const WAF_PRIORITY = 1000;
export const DEFAULT_PRIORITY = 2147483647;

const everyone = { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } };

/**
 * Rate limiting per client IP (`perMinute` requests per 60 s, then 429), the OWASP rule sets
 * at sensitivity 1 (fewest false positives; deny 403), and a default allow.
 */
export function armorRules(perMinute: number): Rule[] {
  return [
    {
      priority: RATE_LIMIT_PRIORITY,
      description: `Rate limit: ${perMinute} requests per minute per client IP`,
      action: "throttle",
      match: everyone,
      rateLimitOptions: { conformAction: "allow", exceedAction: "deny(429)", enforceOnKey: "IP", rateLimitThreshold: { count: perMinute, intervalSec: 60 } },
    },
    ...OWASP_RULE_SETS.map((set, i) => ({
      priority: WAF_PRIORITY + i,
      description: `OWASP CRS 3.3: ${set}`,
      action: "deny(403)",
      match: { expr: { expression: `evaluatePreconfiguredWaf('${set}', {'sensitivity': 1})` } },
    })),
    { priority: DEFAULT_PRIORITY, description: "Default: allow", action: "allow", match: everyone },
  ];
}
