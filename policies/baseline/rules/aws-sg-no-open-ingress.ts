import * as aws from "@pulumi/aws";
import { NETWORK } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { num, records, str, strings, type Props } from "../../lib/values";

const OPEN = new Set(["0.0.0.0/0", "::/0"]);
const WEB = new Set([80, 443]);

/** A rule open to the internet on anything but HTTP(S) (a load balancer's ports). */
function openProblem(cidrs: readonly string[], protocol: string | undefined, from: number | undefined, to: number | undefined): string | undefined {
  const open = cidrs.filter((c) => OPEN.has(c));
  if (open.length === 0) return undefined;
  if (protocol === "-1" || protocol === "all") return `all traffic from ${open.join(", ")}`;
  const lo = from ?? 0;
  const hi = to ?? lo;
  if (lo === hi && WEB.has(lo)) return undefined;
  return `ports ${lo === hi ? lo : `${lo}-${hi}`} from ${open.join(", ")}`;
}

export const awsSgNoOpenIngress = resourceRule<Props>({
  id: "baseline-aws-sg-no-open-ingress",
  description: "Security groups allow ingress from 0.0.0.0/0 or ::/0 only on ports 80 and 443.",
  severity: "high",
  controls: NETWORK,
  remediation: "Allow ingress from the source security group (e.g. the cluster's node group) or a private CIDR instead of the internet.",
  appliesTo: [aws.ec2.SecurityGroup, aws.vpc.SecurityGroupIngressRule, aws.ec2.SecurityGroupRule],
  check: (props, args, finding) => {
    if (args.isType(aws.ec2.SecurityGroup)) {
      for (const rule of records(props.ingress)) {
        const p = openProblem([...strings(rule.cidrBlocks), ...strings(rule.ipv6CidrBlocks)], str(rule.protocol), num(rule.fromPort), num(rule.toPort));
        if (p) finding(`ingress allows ${p}`);
      }
    } else if (args.isType(aws.vpc.SecurityGroupIngressRule)) {
      const p = openProblem([...strings(props.cidrIpv4), ...strings(props.cidrIpv6)], str(props.ipProtocol), num(props.fromPort), num(props.toPort));
      if (p) finding(`ingress allows ${p}`);
    } else if (str(props.type) === "ingress") {
      const p = openProblem([...strings(props.cidrBlocks), ...strings(props.ipv6CidrBlocks)], str(props.protocol), num(props.fromPort), num(props.toPort));
      if (p) finding(`ingress allows ${p}`);
    }
  },
});
