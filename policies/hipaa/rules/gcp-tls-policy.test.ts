import * as gcp from "@pulumi/gcp";
import { gcpProvider, ruleTests } from "../../testing/rule-tests";
import { gcpTlsPolicy } from "./gcp-tls-policy";

const URL_MAP = "projects/fixture-project/global/urlMaps/api";
const CERT = "projects/fixture-project/global/sslCertificates/api";

ruleTests(gcpTlsPolicy, {
  violating: () => {
    const provider = gcpProvider();
    new gcp.compute.TargetHttpsProxy("no-policy", { urlMap: URL_MAP, sslCertificates: [CERT] }, { provider });
    new gcp.compute.SSLPolicy("legacy", { minTlsVersion: "TLS_1_0", profile: "COMPATIBLE" }, { provider });
  },
  violates: ["no-policy", "legacy"],
  passing: () => {
    const provider = gcpProvider();
    const policy = new gcp.compute.SSLPolicy("modern", { minTlsVersion: "TLS_1_2", profile: "MODERN" }, { provider });
    new gcp.compute.TargetHttpsProxy("strict", { urlMap: URL_MAP, sslCertificates: [CERT], sslPolicy: policy.id }, { provider });
  },
});
