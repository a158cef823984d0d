import { createClickHouse } from './platform/clients/clickhouse';
(async () => {
  const c = createClickHouse({ path: '.stack/chdb', user: '', password: '', database: 'x' });
  for (const q of ['SELECT * FROM social_analytics.posts', 'SELECT * FROM social_analytics.channel_metrics']) {
    const r = await c.query({ query: q, format: 'JSONEachRow' }); console.log(await r.json());
  }
  await c.close();
})();
