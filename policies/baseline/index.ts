// The pack's entry point for `pulumi preview --policy-pack policies/baseline`. Only this call:
// constructing a PolicyPack starts the analyzer server (see DESIGN.md, Known traps).
import { PolicyPack } from "@pulumi/policy";
import { baselinePack } from "./pack";

new PolicyPack(baselinePack.name, { enforcementLevel: baselinePack.enforcementLevel, policies: [...baselinePack.rules] });
