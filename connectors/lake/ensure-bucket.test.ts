import type { S3Client } from '@aws-sdk/client-s3';
import { ensureBucket } from './ensure-bucket';

const POLICIES = {
  rawExpireDays: 400,
  noncurrentExpireDays: 30,
  encryption: 'AES256',
  corsOrigins: ['https://dashboard.example'],
} as const;

/** An S3 client that records each command's name and answers as `answer` says. */
function fakeS3(answer: (command: string) => unknown = () => ({})) {
  const sent: string[] = [];
  const client = {
    send: async (command: { constructor: { name: string } }) => {
      const name = command.constructor.name;
      sent.push(name);
      const result = answer(name);
      if (result instanceof Error) throw result;
      return result;
    },
  };
  return { s3: client as unknown as S3Client, sent };
}

function s3Error(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

describe('ensureBucket', () => {
  it('creates a missing bucket, then sets versioning, lifecycle, encryption and CORS', async () => {
    const { s3, sent } = fakeS3((name) => (name === 'HeadBucketCommand' ? s3Error('NotFound', 404) : {}));
    expect(await ensureBucket(s3, 'lake', POLICIES)).toEqual({ unsupported: [] });
    expect(sent).toEqual([
      'HeadBucketCommand',
      'CreateBucketCommand',
      'PutBucketVersioningCommand',
      'PutBucketLifecycleConfigurationCommand',
      'PutBucketEncryptionCommand',
      'PutBucketCorsCommand',
    ]);
  });

  it('reports encryption and CORS a server does not implement (MinIO without KMS), and goes on', async () => {
    const { s3 } = fakeS3((name) =>
      name === 'PutBucketEncryptionCommand' || name === 'PutBucketCorsCommand'
        ? s3Error('NotImplemented', 501)
        : {},
    );
    expect(await ensureBucket(s3, 'lake', POLICIES)).toEqual({ unsupported: ['encryption', 'cors'] });
  });

  it('fails on any other refusal: a bucket it cannot configure is not silently left open', async () => {
    const { s3 } = fakeS3((name) =>
      name === 'PutBucketEncryptionCommand' ? s3Error('AccessDenied', 403) : {},
    );
    await expect(ensureBucket(s3, 'lake', POLICIES)).rejects.toThrow('AccessDenied');
  });

  it('leaves encryption and CORS alone when configured off or empty', async () => {
    const { s3, sent } = fakeS3();
    await ensureBucket(s3, 'lake', { ...POLICIES, encryption: 'none', corsOrigins: [] });
    expect(sent).not.toContain('PutBucketEncryptionCommand');
    expect(sent).not.toContain('PutBucketCorsCommand');
  });
});
