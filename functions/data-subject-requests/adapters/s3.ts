/**
 * S3 adapter over @aws-sdk/client-s3. Erasure removes every version and delete marker under the
 * subject's prefix (a versioned bucket would otherwise keep the data in noncurrent versions).
 */
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3ServiceException,
  type ObjectIdentifier,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { S3Location } from "../core/plan";
import type { ObjectInfo, ObjectStore } from "../core/ports";

export interface S3StoreOptions {
  /** SSE-KMS key for objects this handler writes (export copies and bundle); else the bucket default. */
  readonly exportKmsKeyArn?: string;
}

/** DeleteObjects takes at most 1000 keys. */
const DELETE_BATCH = 1000;

export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly s3: S3Client,
    private readonly options: S3StoreOptions = {},
  ) {}

  async list(location: S3Location): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: location.bucket, Prefix: location.prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        if (!o.Key || !o.Key.startsWith(location.prefix)) continue;
        out.push({ key: o.Key, size: o.Size ?? 0, etag: o.ETag, lastModified: o.LastModified?.toISOString() });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  async copy(from: { bucket: string; key: string }, to: { bucket: string; key: string }): Promise<void> {
    await this.s3.send(
      new CopyObjectCommand({
        Bucket: to.bucket,
        Key: to.key,
        // CopySource is "bucket/key" with the key URL-encoded per segment.
        CopySource: `${from.bucket}/${from.key.split("/").map(encodeURIComponent).join("/")}`,
        ...this.encryption(),
      }),
    );
  }

  async putJson(to: { bucket: string; key: string }, body: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: to.bucket, Key: to.key, Body: body, ContentType: "application/json", ...this.encryption() }));
  }

  async deleteAll(location: S3Location, onProgress?: (deleted: number) => void): Promise<number> {
    let deleted = 0;
    const progress = (n: number): void => {
      deleted += n;
      onProgress?.(deleted);
    };
    try {
      await this.deleteVersions(location, progress);
    } catch (err) {
      // Some S3-compatible servers have no ListObjectVersions (AWS S3 has it for every bucket,
      // versioned or not); there the current objects are all there is.
      if (!isUnsupported(err)) throw err;
      await this.deleteCurrent(location, progress);
    }
    return deleted;
  }

  /** Pages through versions + delete markers; each page is deleted before the next is listed. */
  private async deleteVersions(location: S3Location, progress: (n: number) => void): Promise<void> {
    // Deleting while listing shifts the markers; restart from the top after each page until empty.
    const seen = new Set<string>();
    for (;;) {
      const page = await this.s3.send(new ListObjectVersionsCommand({ Bucket: location.bucket, Prefix: location.prefix, MaxKeys: DELETE_BATCH }));
      const ids: ObjectIdentifier[] = [];
      for (const v of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
        if (v.Key && v.Key.startsWith(location.prefix)) ids.push({ Key: v.Key, VersionId: v.VersionId });
      }
      if (ids.length === 0) return;
      assertNotSeen(seen, ids);
      progress(await this.deleteBatch(location.bucket, ids));
    }
  }

  private async deleteCurrent(location: S3Location, progress: (n: number) => void): Promise<void> {
    const seen = new Set<string>();
    for (;;) {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: location.bucket, Prefix: location.prefix, MaxKeys: DELETE_BATCH }));
      const ids: ObjectIdentifier[] = (page.Contents ?? []).filter((o) => o.Key?.startsWith(location.prefix)).map((o) => ({ Key: o.Key as string }));
      if (ids.length === 0) return;
      assertNotSeen(seen, ids);
      progress(await this.deleteBatch(location.bucket, ids));
    }
  }

  private async deleteBatch(bucket: string, ids: ObjectIdentifier[]): Promise<number> {
    const result = await this.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: ids, Quiet: true } }));
    const errors = result.Errors ?? [];
    if (errors.length > 0) {
      const first = errors[0];
      throw new Error(`S3 DeleteObjects failed for ${errors.length} of ${ids.length} objects (first: ${first.Code ?? "?"} ${first.Message ?? ""})`);
    }
    return ids.length;
  }

  private encryption(): { ServerSideEncryption?: "aws:kms"; SSEKMSKeyId?: string } {
    return this.options.exportKmsKeyArn ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: this.options.exportKmsKeyArn } : {};
  }
}

/** An object listed again after a successful delete means the delete did not take (e.g. Object Lock): fail instead of looping. */
function assertNotSeen(seen: Set<string>, ids: readonly ObjectIdentifier[]): void {
  for (const id of ids) {
    const k = `${id.Key ?? ""}\u0000${id.VersionId ?? ""}`;
    if (seen.has(k)) throw new Error(`S3 object ${id.Key} (version ${id.VersionId ?? "current"}) is still present after DeleteObjects`);
    seen.add(k);
  }
}

function isUnsupported(err: unknown): boolean {
  if (!(err instanceof S3ServiceException)) return false;
  const status = err.$metadata?.httpStatusCode;
  return err.name === "NotImplemented" || err.name === "MethodNotAllowed" || status === 501 || status === 405;
}
