import {
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketVersioningCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type BucketPolicies, ensureBucket } from '../connectors/lake/ensure-bucket';
import { createS3 } from '../platform/clients/s3';
import { isolatedConfig } from './support/isolation';

const config = isolatedConfig({ LAKE_CORS_ORIGINS: 'http://127.0.0.1:3000', LAKE_RAW_EXPIRE_DAYS: '90' });

/** The configuration a GET answers, or the error's name when the bucket has none. */
async function readBack<T>(request: () => Promise<T>): Promise<T | string> {
  try {
    return await request();
  } catch (error) {
    return (error as Error).name;
  }
}

async function lifecycle(s3: S3Client, bucket: string) {
  const answer = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
  return (answer.Rules ?? []).map(({ ID, Filter, Expiration, NoncurrentVersionExpiration }) => ({
    ID,
    prefix: Filter?.Prefix,
    expireDays: Expiration?.Days,
    noncurrentDays: NoncurrentVersionExpiration?.NoncurrentDays,
  }));
}

describe('lake bucket policies (MinIO)', () => {
  const s3 = createS3(config.s3);
  const bucket = config.s3.bucket;
  afterAll(() => s3.destroy());

  it('sets versioning, lifecycle, encryption and CORS as configured, again and again without change', async () => {
    const first = await ensureBucket(s3, bucket, config.lake);
    const again = await ensureBucket(s3, bucket, config.lake);
    expect(again).toEqual(first);

    const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    expect(versioning.Status).toBe('Enabled');
    expect(await lifecycle(s3, bucket)).toEqual([
      {
        ID: 'raw-data-expiry',
        prefix: 'raw-data/',
        expireDays: 90,
        noncurrentDays: undefined,
      },
      {
        ID: 'noncurrent-versions-expiry',
        prefix: '',
        expireDays: undefined,
        noncurrentDays: 30,
      },
    ]);

    // What the server implements is set and reads back; what it does not is reported, and absent.
    const encryption = await readBack(() => s3.send(new GetBucketEncryptionCommand({ Bucket: bucket })));
    if (first.unsupported.includes('encryption')) {
      expect(encryption).toBe('ServerSideEncryptionConfigurationNotFoundError');
    } else {
      const rule =
        typeof encryption === 'string' ? undefined : encryption.ServerSideEncryptionConfiguration?.Rules?.[0];
      expect(rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
    }
    const cors = await readBack(() => s3.send(new GetBucketCorsCommand({ Bucket: bucket })));
    if (first.unsupported.includes('cors')) {
      expect(cors).toBe('NoSuchCORSConfiguration');
    } else {
      const rule = typeof cors === 'string' ? undefined : cors.CORSRules?.[0];
      expect(rule?.AllowedOrigins).toEqual(['http://127.0.0.1:3000']);
      expect(rule?.AllowedMethods).toEqual(['GET', 'HEAD']);
    }
  });

  it('replaces the lifecycle when the configured ages change', async () => {
    const policies: BucketPolicies = { ...config.lake, rawExpireDays: 10, noncurrentExpireDays: 2 };
    await ensureBucket(s3, bucket, policies);
    const rules = await lifecycle(s3, bucket);
    expect(rules.map((rule) => rule.expireDays ?? rule.noncurrentDays)).toEqual([10, 2]);
  });
});
