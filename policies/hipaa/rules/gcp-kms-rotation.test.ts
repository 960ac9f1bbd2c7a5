import * as gcp from "@pulumi/gcp";
import { baseLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { gcpKmsRotation } from "./gcp-kms-rotation";

const RING = "projects/fixture-project/locations/us-central1/keyRings/ring";
const key = (name: string, args: Partial<gcp.kms.CryptoKeyArgs>) => new gcp.kms.CryptoKey(name, { keyRing: RING, labels: baseLabels(), ...args }, { provider: gcpProvider() });

ruleTests(gcpKmsRotation, {
  violating: () => {
    key("never-rotates", {});
    key("yearly", { rotationPeriod: "31536000s" });
    key("asymmetric-decrypt", { purpose: "ASYMMETRIC_DECRYPT", versionTemplate: { algorithm: "RSA_DECRYPT_OAEP_3072_SHA256" } });
  },
  violates: ["never-rotates", "yearly", "asymmetric-decrypt"],
  passing: () => {
    key("quarterly", { rotationPeriod: "7776000s" });
    key("signing", { purpose: "ASYMMETRIC_SIGN", versionTemplate: { algorithm: "EC_SIGN_P256_SHA256" } });
  },
});
