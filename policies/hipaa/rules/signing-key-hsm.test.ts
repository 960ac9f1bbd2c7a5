import * as gcp from "@pulumi/gcp";
import { baseLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { signingKeyHsm } from "./signing-key-hsm";

const RING = "projects/fixture-project/locations/us-central1/keyRings/ring";
const signingKey = (name: string, protectionLevel: string, environment = "production") =>
  new gcp.kms.CryptoKey(name, { keyRing: RING, purpose: "ASYMMETRIC_SIGN", versionTemplate: { algorithm: "EC_SIGN_P256_SHA256", protectionLevel }, labels: baseLabels(environment) }, { provider: gcpProvider() });

ruleTests(signingKeyHsm, {
  violating: () => {
    signingKey("software", "SOFTWARE");
  },
  violates: ["software"],
  passing: () => {
    signingKey("hsm", "HSM");
    signingKey("staging-software", "SOFTWARE", "staging");
  },
});
