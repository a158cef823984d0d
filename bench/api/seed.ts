/**
 * Seeds the bench's ClickHouse (the chdb directory in CLICKHOUSE_PATH) with 30 days of one
 * channel's posts, a post every ten minutes, through the product's own sink. Run by run.ts in a
 * process of its own before the API starts on the same directory.
 */
import { ContentSink } from '../../connectors/clickhouse/content-sink';
import { createClickHouse } from '../../platform/clients/clickhouse';
import { loadConfig } from '../../platform/config';
import { createMetrics } from '../../platform/metrics';
import { migrateClickHouse } from '../../schemas/clickhouse/migrate';
import { createdPost } from '../../topologies/content/post-event';

async function main(): Promise<void> {
  const config = loadConfig();
  const channel = process.argv[2] ?? '-1009000000001';
  const clickhouse = createClickHouse(config.clickhouse);
  await migrateClickHouse(clickhouse, config.clickhouse.database);
  const sink = new ContentSink(
    clickhouse,
    config.clickhouse.database,
    createMetrics(),
    config.clickhouse.rawPayloadDays,
  );
  const end = Math.floor(Date.now() / 600_000) * 600_000;
  const posts = Array.from({ length: 30 * 144 }, (_, i) =>
    createdPost({
      source: 'telegram',
      channel_id: channel,
      post_id: String(i + 1),
      posted_at: new Date(end - i * 600_000),
      text: `post ${i} #bench`,
    }),
  );
  for (let i = 0; i < posts.length; i += 1000) {
    await sink.write({ posts: posts.slice(i, i + 1000), engagement: [], samples: [] });
  }
  await clickhouse.close();
  process.stderr.write(`seeded ${posts.length} posts of telegram:${channel} over 30 days\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
