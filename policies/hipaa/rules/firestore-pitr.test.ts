import * as gcp from "@pulumi/gcp";
import { gcpProvider, ruleTests } from "../../testing/rule-tests";
import { firestorePitr } from "./firestore-pitr";

const db = (name: string, pointInTimeRecoveryEnablement?: string) =>
  new gcp.firestore.Database(name, { name, locationId: "us-central1", type: "FIRESTORE_NATIVE", pointInTimeRecoveryEnablement }, { provider: gcpProvider() });

ruleTests(firestorePitr, {
  violating: () => {
    db("no-pitr");
  },
  violates: ["no-pitr"],
  passing: () => {
    db("pitr", "POINT_IN_TIME_RECOVERY_ENABLED");
  },
});
