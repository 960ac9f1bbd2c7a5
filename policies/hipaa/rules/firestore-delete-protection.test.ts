import * as gcp from "@pulumi/gcp";
import { gcpProvider, ruleTests } from "../../testing/rule-tests";
import { firestoreDeleteProtection } from "./firestore-delete-protection";

const db = (name: string, args: Partial<gcp.firestore.DatabaseArgs>) =>
  new gcp.firestore.Database(name, { name, locationId: "us-central1", type: "FIRESTORE_NATIVE", ...args }, { provider: gcpProvider() });

ruleTests(firestoreDeleteProtection, {
  // Firestore takes no labels: production-ness comes from the stack name.
  stack: "production",
  violating: () => {
    db("unprotected", {});
    db("deleted-with-stack", { deleteProtectionState: "DELETE_PROTECTION_ENABLED", deletionPolicy: "DELETE" });
  },
  violates: ["unprotected", "deleted-with-stack"],
  passing: () => {
    db("protected", { deleteProtectionState: "DELETE_PROTECTION_ENABLED", deletionPolicy: "ABANDON" });
  },
});
