import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config';

export function createS3(config: Config['s3']): S3Client {
  return new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
  });
}
