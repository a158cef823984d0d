import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config';
import type { Metrics } from '../metrics';
import { timeS3 } from './storage-metrics';

/** The process's S3 client; with `metrics`, every call is timed (storage-metrics.ts). */
export function createS3(config: Config['s3'], metrics?: Metrics): S3Client {
  const s3 = new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
  });
  return metrics ? timeS3(s3, metrics.storageCallSeconds) : s3;
}
