import * as gcp from "@pulumi/gcp";
import { gcpProvider, GCP_KEY_NAME, ruleTests } from "../../testing/rule-tests";
import { firestoreCmek } from "./firestore-cmek";

const db = (name: string, kmsKeyName?: string) =>
  new gcp.firestore.Database(name, { name, locationId: "us-central1", type: "FIRESTORE_NATIVE", cmekConfig: kmsKeyName ? { kmsKeyName } : undefined }, { provider: gcpProvider() });

ruleTests(firestoreCmek, {
  violating: () => {
    db("google-managed");
  },
  violates: ["google-managed"],
  passing: () => {
    db("cmek", GCP_KEY_NAME);
  },
});
