import { createS3 } from '../../platform/clients/s3';
import { AppError } from '../../platform/errors';
import { loadConfig } from '../../platform/config';
import { RawArchiveReader } from './raw-archive-reader';

// Reading files back from S3 is tested against MinIO (test/raw-archive-reader.integration.test.ts).
describe('the raw archive reader', () => {
  it('fails as LAKE_UNAVAILABLE, retriable, when the lake cannot be reached', async () => {
    // Nothing listens on port 1: every call is refused.
    const s3 = createS3({ ...loadConfig({ NODE_ENV: 'test' }).s3, endpoint: 'http://127.0.0.1:1' });
    try {
      const reader = new RawArchiveReader({ s3, bucket: 'b', sourceOf: () => 'telegram' });
      const failure = reader.payloadOf({
        source: 'telegram',
        channelId: '-1001',
        postId: '1',
        topic: 'social.telegram.updates.v1',
        partition: 0,
        offset: '0',
        receivedAt: Date.UTC(2026, 11, 6, 12),
      });
      await expect(failure).rejects.toBeInstanceOf(AppError);
      await expect(failure).rejects.toMatchObject({ code: 'LAKE_UNAVAILABLE', status: 503, retriable: true });
      // Its message reaches API callers: no endpoint, bucket or key in it.
      await expect(failure).rejects.toThrow("the lake's raw archive could not be listed; retry");
    } finally {
      s3.destroy();
    }
  });
});
