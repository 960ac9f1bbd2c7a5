/**
 * Client options for the generated (gapic) clients: the production endpoint by default, or a
 * local emulator when its `*_EMULATOR_HOST` variable is set (plaintext, no credentials), as the
 * hand-written clients do.
 */
import { grpc, type ClientOptions } from "google-gax";

/**
 * gRPC's reconnect backoff grows to 120 s by default; a function instance that lost its channel
 * would then fail every delivery for minutes after the service is back. Cap it at 5 s.
 */
const CHANNEL_OPTIONS = { "grpc.max_reconnect_backoff_ms": 5000 } as const;

export function gapicOptions(emulatorHost: string | undefined): ClientOptions {
  if (!emulatorHost) return { ...CHANNEL_OPTIONS };
  const i = emulatorHost.lastIndexOf(":");
  const host = i > 0 ? emulatorHost.slice(0, i) : emulatorHost;
  const port = i > 0 ? Number(emulatorHost.slice(i + 1)) : 443;
  return { ...CHANNEL_OPTIONS, servicePath: host, apiEndpoint: host, port, sslCreds: grpc.credentials.createInsecure() };
}
