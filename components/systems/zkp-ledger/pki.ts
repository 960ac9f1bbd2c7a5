/**
 * The ledger's private PKI, exactly the guide's openssl steps in @pulumi/tls:
 *
 *   openssl genrsa -out ca.key 4096
 *   openssl req -new -x509 -days 3650 -key ca.key -subj "/C=US/O=Terragon Labs/CN=zkp-ledger-ca"
 *   openssl genrsa -out server.key 4096
 *   openssl req -new -key server.key -subj "/C=US/O=Terragon Labs/CN=zkp-ledger"
 *   openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -days 365
 *
 * plus one client certificate per node (mTLS between nodes, "mTLS for inter-node
 * communication"), signed by the same CA. Every private key stays a Pulumi secret (the tls
 * provider marks `privateKeyPem` secret). The server certificate also names the in-cluster DNS
 * names, because TLS clients verify subjectAltNames, not the CN.
 */
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";

/** The guide's numbers. */
export const PKI = {
  algorithm: "RSA",
  rsaBits: 4096,
  /** -days 3650 */
  caValidityHours: 3650 * 24,
  /** -days 365 */
  leafValidityHours: 365 * 24,
  /** Renew leaf certificates 30 days before expiry (the guide's "Certificate expiry ... rotation alerts"). */
  earlyRenewalHours: 30 * 24,
  subject: { country: "US", organization: "Terragon Labs" },
  caCommonName: "zkp-ledger-ca",
  serverCommonName: "zkp-ledger",
  caUses: ["cert_signing", "crl_signing"],
  serverUses: ["digital_signature", "key_encipherment", "server_auth"],
  clientUses: ["digital_signature", "key_encipherment", "client_auth"],
} as const;

export interface LedgerPkiArgs {
  /** The system's own tls provider (DESIGN principle 3: no default providers). */
  readonly provider: tls.Provider;
  /** subjectAltNames of the server certificate (service names, wildcard cluster names, public names). */
  readonly serverDnsNames: readonly string[];
  /** Node ids, one client certificate each (CN = node id). */
  readonly nodeIds: readonly string[];
  /** Options for the CA key and certificate (e.g. `protect` in production: replacing the CA breaks every peer). */
  readonly caOptions?: pulumi.CustomResourceOptions;
}

export interface IssuedCertificate {
  readonly certPem: pulumi.Output<string>;
  /** RFC 3339 end of validity (the certificate-expiry alerts read it). */
  readonly notAfter: pulumi.Output<string>;
  /** Secret. */
  readonly privateKeyPem: pulumi.Output<string>;
}

export class LedgerPki extends pulumi.ComponentResource {
  readonly caCertPem: pulumi.Output<string>;
  /** RFC 3339 end of the CA's validity. */
  readonly caNotAfter: pulumi.Output<string>;
  readonly server: IssuedCertificate;
  /** Node id -> client certificate. */
  readonly clients: ReadonlyMap<string, IssuedCertificate>;

  constructor(name: string, args: LedgerPkiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:zkp:Pki", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    const rsaKey = (suffix: string, extra: pulumi.CustomResourceOptions = {}) => new tls.PrivateKey(`${name}-${suffix}-key`, { algorithm: PKI.algorithm, rsaBits: PKI.rsaBits }, { ...child, ...extra });

    const caKey = rsaKey("ca", args.caOptions);
    const ca = new tls.SelfSignedCert(
      `${name}-ca`,
      {
        privateKeyPem: caKey.privateKeyPem,
        subject: { ...PKI.subject, commonName: PKI.caCommonName },
        validityPeriodHours: PKI.caValidityHours,
        isCaCertificate: true,
        allowedUses: [...PKI.caUses],
        setSubjectKeyId: true,
      },
      { ...child, ...(args.caOptions ?? {}) },
    );

    const issue = (suffix: string, commonName: string, uses: readonly string[], dnsNames?: readonly string[]): IssuedCertificate => {
      const key = rsaKey(suffix);
      const csr = new tls.CertRequest(
        `${name}-${suffix}-csr`,
        { privateKeyPem: key.privateKeyPem, subject: { ...PKI.subject, commonName }, dnsNames: dnsNames ? [...dnsNames] : undefined },
        child,
      );
      const cert = new tls.LocallySignedCert(
        `${name}-${suffix}-cert`,
        {
          certRequestPem: csr.certRequestPem,
          caPrivateKeyPem: caKey.privateKeyPem,
          caCertPem: ca.certPem,
          validityPeriodHours: PKI.leafValidityHours,
          earlyRenewalHours: PKI.earlyRenewalHours,
          isCaCertificate: false,
          allowedUses: [...uses],
        },
        child,
      );
      return { certPem: cert.certPem, notAfter: cert.validityEndTime, privateKeyPem: pulumi.secret(key.privateKeyPem) };
    };

    this.caCertPem = ca.certPem;
    this.caNotAfter = ca.validityEndTime;
    this.server = issue("server", PKI.serverCommonName, PKI.serverUses, args.serverDnsNames);
    const clients = new Map<string, IssuedCertificate>();
    for (const id of args.nodeIds) clients.set(id, issue(`client-${id}`, id, PKI.clientUses));
    this.clients = clients;
    this.registerOutputs({ caCertPem: this.caCertPem, serverCertPem: this.server.certPem });
  }
}
