import * as aws from "@pulumi/aws";
import { awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { awsKmsRotation } from "./aws-kms-rotation";

const key = (name: string, args: aws.kms.KeyArgs) => new aws.kms.Key(name, { tags: baseLabels(), ...args }, { provider: awsProvider() });

ruleTests(awsKmsRotation, {
  violating: () => {
    key("never-rotates", {});
    key("yearly-default", { enableKeyRotation: true });
    key("rsa-encrypt", { customerMasterKeySpec: "RSA_2048", keyUsage: "ENCRYPT_DECRYPT" });
  },
  violates: ["never-rotates", "yearly-default", "rsa-encrypt"],
  passing: () => {
    key("quarterly", { enableKeyRotation: true, rotationPeriodInDays: 90 });
    key("signing", { customerMasterKeySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" });
  },
});
