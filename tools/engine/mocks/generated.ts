import { fakePem, fakeString, digest, type MockContext, type State } from "./util";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** @pulumi/random and @pulumi/tls: deterministic values of the right shape. */
export function generatedResource(ctx: MockContext): { id: string; state: State } | undefined {
  const seed = `${ctx.type}:${ctx.name}`;
  const inputs = ctx.inputs;
  switch (ctx.type) {
    case "random:index/randomPassword:RandomPassword":
    case "random:index/randomString:RandomString": {
      const length = Number(inputs.length ?? 16);
      const specials = inputs.special === false ? "" : String(inputs.overrideSpecial ?? "!@#$%&*()-_=+[]{}<>:?");
      const result = fakeString(seed, length, ALNUM + specials);
      return { id: "none", state: { ...inputs, result, bcryptHash: `$2a$10$${fakeString(seed + "b", 53, ALNUM)}` } };
    }
    case "random:index/randomId:RandomId": {
      const bytes = Buffer.from(digest(seed).slice(0, Number(inputs.byteLength ?? 8) * 2), "hex");
      return { id: bytes.toString("base64url"), state: { ...inputs, hex: bytes.toString("hex"), b64Std: bytes.toString("base64"), b64Url: bytes.toString("base64url"), dec: BigInt("0x" + bytes.toString("hex")).toString() } };
    }
    case "random:index/randomUuid:RandomUuid": {
      const h = digest(seed);
      const result = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
      return { id: result, state: { ...inputs, result } };
    }
    case "tls:index/privateKey:PrivateKey":
      return {
        id: digest(seed).slice(0, 40),
        state: { ...inputs, privateKeyPem: fakePem("RSA PRIVATE KEY", seed, 25), privateKeyPemPkcs8: fakePem("PRIVATE KEY", seed, 25), publicKeyPem: fakePem("PUBLIC KEY", seed + "pub", 8), publicKeyOpenssh: `ssh-rsa ${Buffer.from(digest(seed)).toString("base64")}\n`, publicKeyFingerprintSha256: `SHA256:${Buffer.from(digest(seed), "hex").toString("base64")}` },
      };
    case "tls:index/selfSignedCert:SelfSignedCert":
    case "tls:index/locallySignedCert:LocallySignedCert": {
      const start = new Date(Date.UTC(2026, 0, 1));
      const end = new Date(start.getTime() + Number(inputs.validityPeriodHours ?? 24) * 3600_000);
      return { id: BigInt("0x" + digest(seed).slice(0, 30)).toString(), state: { ...inputs, certPem: fakePem("CERTIFICATE", seed, 20), validityStartTime: start.toISOString(), validityEndTime: end.toISOString(), readyForRenewal: false } };
    }
    case "tls:index/certRequest:CertRequest":
      return { id: digest(seed).slice(0, 40), state: { ...inputs, certRequestPem: fakePem("CERTIFICATE REQUEST", seed, 16) } };
    default:
      return undefined;
  }
}
