// The pack's entry point for `pulumi preview --policy-pack policies/hipaa`. Only this call:
// constructing a PolicyPack starts the analyzer server (see DESIGN.md, Known traps).
import { PolicyPack } from "@pulumi/policy";
import { hipaaPack } from "./pack";

new PolicyPack(hipaaPack.name, { enforcementLevel: hipaaPack.enforcementLevel, policies: [...hipaaPack.rules] });
