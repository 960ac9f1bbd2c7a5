/**
 * The public hosted zone of a system (stacks/sections/dns.ts): an existing one (by id, or looked
 * up by domain with aws.route53.getZone) or a new one named after the system's domain. Route53 is
 * global; the caller passes its provider.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { certificatesNow, type ZoneChoice } from "../../stacks/sections/dns";

export interface PublicZoneArgs {
  readonly choice: ZoneChoice;
  /** Name of the zone to create when the choice names no existing one. */
  readonly createName: string;
  readonly comment: string;
  readonly provider: aws.Provider;
  /** Pulumi `protect` on a created zone. */
  readonly protect: boolean;
}

export interface PublicZone {
  readonly zoneId: pulumi.Output<string>;
  /** Name servers of a created zone (delegate to them); empty for an existing zone. */
  readonly nameServers: pulumi.Output<string[]>;
  /** The created zone, if any. */
  readonly created?: aws.route53.Zone;
  /** Whether DNS-validated certificates can be created in this run (false: step 1 of a new zone). */
  readonly certificates: boolean;
}

export function publicZone(name: string, args: PublicZoneArgs, parent: pulumi.Resource): PublicZone {
  const { choice } = args;
  const certificates = certificatesNow(choice);
  if (choice.zoneId !== undefined) return { zoneId: pulumi.output(choice.zoneId), nameServers: pulumi.output([]), certificates };
  if (choice.zoneDomain !== undefined) {
    const found = aws.route53.getZoneOutput({ name: choice.zoneDomain, privateZone: false }, { parent, provider: args.provider });
    return { zoneId: found.zoneId, nameServers: pulumi.output([]), certificates };
  }
  const created = new aws.route53.Zone(`${name}-zone`, { name: args.createName, comment: args.comment, forceDestroy: false, tags: {} }, { parent, provider: args.provider, protect: args.protect });
  return { zoneId: created.zoneId, nameServers: created.nameServers, created, certificates };
}
