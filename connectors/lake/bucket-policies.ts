import type { CORSRule, LifecycleRule } from '@aws-sdk/client-s3';

/** The lake bucket's policies, from configuration (LAKE_* variables). */
export interface BucketPolicies {
  /** Days after which objects under raw-data/ expire (Kafka keeps 7; the lake keeps the rest). */
  readonly rawExpireDays: number;
  /** Days a replaced or deleted version of any object is kept. */
  readonly noncurrentExpireDays: number;
  /** Default server-side encryption of new objects; `none` leaves the bucket's setting alone. */
  readonly encryption: 'AES256' | 'aws:kms' | 'none';
  /** Browser origins (the dashboard) allowed to GET and HEAD objects; empty leaves CORS alone. */
  readonly corsOrigins: readonly string[];
}

/**
 * The lifecycle: raw data expires after its age, old versions (a replay's overwrite, a deletion)
 * after theirs. Processed data and backups have no expiry: they are small, and a backup's retention
 * is the operator's call (docs/lake.md). No rule for abandoned multipart uploads: MinIO drops it
 * (it expires stale uploads itself), and the product writes single-part objects.
 */
export function lifecycleRules(policies: BucketPolicies): LifecycleRule[] {
  return [
    {
      ID: 'raw-data-expiry',
      Status: 'Enabled',
      Filter: { Prefix: 'raw-data/' },
      Expiration: { Days: policies.rawExpireDays },
    },
    {
      ID: 'noncurrent-versions-expiry',
      Status: 'Enabled',
      Filter: { Prefix: '' },
      NoncurrentVersionExpiration: { NoncurrentDays: policies.noncurrentExpireDays },
    },
  ];
}

/** Read-only CORS for the configured origins: the dashboard downloads exports, nothing more. */
export function corsRules(policies: BucketPolicies): CORSRule[] {
  return [
    {
      ID: 'dashboard-read',
      AllowedOrigins: [...policies.corsOrigins],
      AllowedMethods: ['GET', 'HEAD'],
      AllowedHeaders: ['*'],
      ExposeHeaders: ['ETag', 'Content-Length', 'Content-Type'],
      MaxAgeSeconds: 3600,
    },
  ];
}
