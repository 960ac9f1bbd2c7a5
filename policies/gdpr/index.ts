// The pack's entry point for `pulumi preview --policy-pack policies/gdpr`. Only this call:
// constructing a PolicyPack starts the analyzer server (see DESIGN.md, Known traps).
import { PolicyPack } from "@pulumi/policy";
import { gdprPack } from "./pack";

new PolicyPack(gdprPack.name, { enforcementLevel: gdprPack.enforcementLevel, policies: [...gdprPack.rules] });
