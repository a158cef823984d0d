import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketCorsCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { corsRules, lifecycleRules, type BucketPolicies } from './bucket-policies';

export type { BucketPolicies } from './bucket-policies';

/** What the bucket bootstrap could not set because the server does not implement it. */
export interface BucketSetup {
  readonly unsupported: ('encryption' | 'cors')[];
}

/**
 * Creates the lake bucket when missing and sets its policies (DESIGN.md §5, docs/lake.md):
 * versioning, then lifecycle, default encryption and CORS when `policies` are given. Every call
 * puts the whole configuration, so running it again (each start) changes nothing, and a changed
 * configuration replaces the old one. Encryption and CORS that the server answers NotImplemented to
 * (MinIO without KMS; MinIO's CORS is server-wide) are reported, not fatal: the caller logs them.
 */
export async function ensureBucket(
  s3: S3Client,
  bucket: string,
  policies?: BucketPolicies,
): Promise<BucketSetup> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (status(error) !== 404) throw error;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  const unsupported: BucketSetup['unsupported'] = [];
  if (!policies) return { unsupported };
  await s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: bucket,
      LifecycleConfiguration: { Rules: lifecycleRules(policies) },
    }),
  );
  if (policies.encryption !== 'none') {
    const algorithm = policies.encryption;
    const applied = await unlessNotImplemented(() =>
      s3.send(
        new PutBucketEncryptionCommand({
          Bucket: bucket,
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: algorithm } }],
          },
        }),
      ),
    );
    if (!applied) unsupported.push('encryption');
  }
  if (policies.corsOrigins.length > 0) {
    const applied = await unlessNotImplemented(() =>
      s3.send(
        new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: corsRules(policies) } }),
      ),
    );
    if (!applied) unsupported.push('cors');
  }
  return { unsupported };
}

/** Runs a request; false when the server says it does not implement it (HTTP 501). */
async function unlessNotImplemented(request: () => Promise<unknown>): Promise<boolean> {
  try {
    await request();
    return true;
  } catch (error) {
    if (status(error) === 501 || (error as { name?: string }).name === 'NotImplemented') return false;
    throw error;
  }
}

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}
