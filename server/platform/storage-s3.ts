// S3 storage (AWS or any S3-compatible server): objects under `media/<key>` (docs/decisions.md#configuration).
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Readable } from 'node:stream';
import type { Config } from './config.ts';
import { assertSafeKey, type Storage, type StoredObject } from './storage-backend.ts';
import { isInline } from './storage-rules.ts';

export type S3Settings = Extract<Config['storage'], { kind: 's3' }>;

const CACHE_CONTROL = 'max-age=86400'; // the original's S3 default (docs/admin.md#files)
const PART_SIZE = 5 * 1024 * 1024; // S3's minimum part size
const PRESIGNED_URL_SECONDS = 3600;

export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    // Custom endpoints (MinIO, s3rver…) rarely resolve bucket sub-domains (docs/stack.md#s3).
    forcePathStyle: Boolean(settings.endpoint),
    credentials:
      settings.accessKeyId && settings.secretAccessKey
        ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
        : undefined,
    // Today's default checksums store aws-chunked bodies on S3-compatible servers (docs/stack.md#s3).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // An unreachable S3 fails the request quickly instead of holding it open.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
    maxAttempts: 3,
  });
}

type PutParams = { Bucket: string; Key: string; ContentType: string; CacheControl: string; ContentDisposition?: string };

/**
 * Streams a body to S3 holding one 5 MB part in memory (one reused buffer, parts sent one
 * after the other: lib-storage's Upload holds several copies). A body smaller than a part
 * is one PutObject; otherwise a multipart upload, aborted on any failure so that no
 * object appears under the key.
 */
async function streamUpload(client: S3Client, params: PutParams, body: Readable): Promise<void> {
  const part = Buffer.allocUnsafe(PART_SIZE);
  let filled = 0;
  let uploadId: string | undefined;
  const parts: { ETag?: string; PartNumber: number }[] = [];
  const target = { Bucket: params.Bucket, Key: params.Key };
  const sendPart = async () => {
    uploadId ??= (await client.send(new CreateMultipartUploadCommand(params))).UploadId;
    const PartNumber = parts.length + 1;
    const { ETag } = await client.send(
      new UploadPartCommand({ ...target, UploadId: uploadId, PartNumber, Body: part.subarray(0, filled), ContentLength: filled }),
    );
    parts.push({ ETag, PartNumber });
    filled = 0;
  };
  try {
    for await (const chunk of body) {
      let data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      while (data.length > 0) {
        const taken = data.copy(part, filled);
        filled += taken;
        data = data.subarray(taken);
        if (filled === PART_SIZE) await sendPart();
      }
    }
    if (!uploadId) {
      await client.send(new PutObjectCommand({ ...params, Body: part.subarray(0, filled), ContentLength: filled }));
      return;
    }
    if (filled > 0) await sendPart();
    await client.send(new CompleteMultipartUploadCommand({ ...target, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
  } catch (error) {
    if (uploadId) await client.send(new AbortMultipartUploadCommand({ ...target, UploadId: uploadId })).catch(() => undefined);
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return name === 'NotFound' || name === 'NoSuchKey' || status === 404;
}

export function createS3Storage(settings: S3Settings, client: S3Client = createS3Client(settings)): Storage {
  const { bucket, keyPrefix } = settings;
  const objectKey = (key: string) => `${keyPrefix}${assertSafeKey(key)}`;
  // B20: URLs built from the bucket and the key, never by string-gluing MEDIA_URL.
  const publicBase = (
    settings.publicUrl ?? (settings.endpoint ? `${settings.endpoint.replace(/\/$/, '')}/${bucket}` : `https://${bucket}.s3.amazonaws.com`)
  ).replace(/\/$/, '');

  async function* list(prefix = ''): AsyncGenerator<StoredObject> {
    const folder = prefix.replace(/\/+$/, '');
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: folder ? `${keyPrefix}${folder}/` : keyPrefix,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key || object.Key.endsWith('/')) continue;
        yield {
          key: object.Key.slice(keyPrefix.length),
          lastModified: object.LastModified ?? new Date(0),
          size: object.Size ?? 0,
        };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  return {
    kind: 's3',
    async fileUrl(key) {
      if (settings.presignedUrls) {
        return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }), {
          expiresIn: PRESIGNED_URL_SECONDS,
        });
      }
      return `${publicBase}/${keyPrefix}${encodeURI(key)}`;
    },
    async put(key, body, { contentType }) {
      // Served straight from the bucket: anything but an image or a PDF is a download, never a page.
      const params: PutParams = { Bucket: bucket, Key: objectKey(key), ContentType: contentType, CacheControl: CACHE_CONTROL };
      if (!isInline(contentType)) params.ContentDisposition = 'attachment';
      if (Buffer.isBuffer(body)) {
        await client.send(new PutObjectCommand({ ...params, Body: body }));
        return;
      }
      await streamUpload(client, params, body as Readable);
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
    },
    async exists(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },
    list,
  };
}
