// S3 storage (AWS or any S3-compatible server): objects under `media/<key>` (SPEC 8.2).
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Readable } from 'node:stream';
import type { Config } from './config.ts';
import { assertSafeKey, type Storage, type StoredObject } from './storage.ts';

export type S3Settings = Extract<Config['storage'], { kind: 's3' }>;

const CACHE_CONTROL = 'max-age=86400'; // the original's S3 default (SPEC 7.4)
const PART_SIZE = 5 * 1024 * 1024; // S3's minimum part size
const PRESIGNED_URL_SECONDS = 3600;

export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    // Custom endpoints (MinIO, s3rver…) rarely resolve bucket sub-domains (STACK.md).
    forcePathStyle: Boolean(settings.endpoint),
    credentials:
      settings.accessKeyId && settings.secretAccessKey
        ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
        : undefined,
    // Today's default checksums store aws-chunked bodies on S3-compatible servers (STACK.md).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // An unreachable S3 fails the request quickly instead of holding it open.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
    maxAttempts: 3,
  });
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
    settings.publicUrl ??
    (settings.endpoint ? `${settings.endpoint.replace(/\/$/, '')}/${bucket}` : `https://${bucket}.s3.amazonaws.com`)
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
      const params = { Bucket: bucket, Key: objectKey(key), ContentType: contentType, CacheControl: CACHE_CONTROL };
      if (Buffer.isBuffer(body)) {
        await client.send(new PutObjectCommand({ ...params, Body: body }));
        return;
      }
      // Multipart upload, one part in memory at a time (a 50 MB upload stays ~5 MB);
      // on failure lib-storage aborts the multipart upload, so no object appears.
      const upload = new Upload({ client, params: { ...params, Body: body as Readable }, partSize: PART_SIZE, queueSize: 1 });
      await upload.done();
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
