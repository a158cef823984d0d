import type { Config } from '../../platform/config';

/**
 * What ClickHouse needs to reach a lake object itself (the `s3` table function, `BACKUP … TO S3`):
 * its URL and the credentials, passed as query parameters, never spliced into SQL.
 */
export interface ClickHouseS3Params {
  readonly [name: string]: string;
  readonly url: string;
  readonly key: string;
  readonly secret: string;
}

/** `s3({url:String}, {key:String}, {secret:String}` and what follows: the arguments' placeholders. */
export const S3_ARGUMENTS = '{url:String}, {key:String}, {secret:String}';

/** The object's URL as ClickHouse addresses it: path style (MinIO) or virtual-hosted (AWS). */
export function clickhouseS3Params(s3: Config['s3'], key: string): ClickHouseS3Params {
  const endpoint = new URL(s3.endpoint);
  const path = key.split('/').map(encodeURIComponent).join('/');
  const url = s3.forcePathStyle
    ? `${endpoint.origin}/${s3.bucket}/${path}`
    : `${endpoint.protocol}//${s3.bucket}.${endpoint.host}/${path}`;
  return { url, key: s3.accessKeyId, secret: s3.secretAccessKey };
}
