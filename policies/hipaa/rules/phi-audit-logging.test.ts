import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { awsProvider, dataLabels, gcpProvider, ruleTests } from "../../testing/rule-tests";
import { phiAuditLogging } from "./phi-audit-logging";

const stores = () => {
  new gcp.bigtable.Instance("phi-bigtable", { labels: dataLabels(), clusters: [{ clusterId: "c", zone: "us-central1-b", numNodes: 1 }] }, { provider: gcpProvider() });
  new aws.rds.Instance("phi-db", { instanceClass: "db.r6g.large", engine: "postgres", tags: dataLabels() }, { provider: awsProvider() });
};

ruleTests(phiAuditLogging, {
  violating: () => {
    stores();
    // Admin-read only is not data access.
    new gcp.projects.IAMAuditConfig("admin-only", { project: "fixture-project", service: "allServices", auditLogConfigs: [{ logType: "ADMIN_READ" }] }, { provider: gcpProvider() });
  },
  violates: ["phi-bigtable", "phi-db"],
  passing: () => {
    stores();
    new gcp.projects.IAMAuditConfig("data-access", { project: "fixture-project", service: "allServices", auditLogConfigs: [{ logType: "DATA_READ" }, { logType: "DATA_WRITE" }, { logType: "ADMIN_READ" }] }, { provider: gcpProvider() });
    new aws.cloudtrail.Trail("trail", { s3BucketName: "trail-logs", isMultiRegionTrail: true, enableLogFileValidation: true, tags: {} }, { provider: awsProvider() });
  },
});
