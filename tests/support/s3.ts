/**
 * A local S3-compatible server for tests: s3rver (npm), in-process, on 127.0.0.1 at a random
 * port, storing objects in a temp dir. Credentials are s3rver's built-in S3RVER/S3RVER pair.
 * Note: s3rver has no object versioning (ListObjectVersions answers MethodNotAllowed).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { S3Client } from "@aws-sdk/client-s3";

export interface S3Server {
  readonly endpoint: string;
  readonly region: string;
  /** A client with the server's credentials, path-style addressing. */
  client(): S3Client;
  stop(): Promise<void>;
}

/** The part of s3rver's API used here (the package ships no type definitions). */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: { name: string }[];
}) => S3rverInstance;

export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

export async function startS3(buckets: readonly string[]): Promise<S3Server> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require("s3rver") as S3rverConstructor;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "dsr-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, directory, silent: true, configureBuckets: buckets.map((name) => ({ name })) });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const region = "us-east-1";
  const clients: S3Client[] = [];
  return {
    endpoint,
    region,
    client: () => {
      const c = new S3Client({ region, endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
      clients.push(c);
      return c;
    },
    stop: async () => {
      for (const c of clients) c.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
