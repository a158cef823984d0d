import { join } from 'node:path';
import { type RunningApp, startApp, useAccount } from './support/app';
import { requireContractTools, runContractTool } from './support/contract-tools';

/**
 * Schemathesis against the API as a client meets it: a signed-in Enterprise organization (every
 * plan limit open, so a refusal is the contract's, not the plan's), every check, and every phase:
 * the document's boundaries (coverage), random inputs (fuzzing) and sequences that follow the
 * document's links (stateful). test/contract/ holds its settings and hooks. A failure prints
 * Schemathesis's report, with a curl and a seed that reproduce each finding.
 *
 * Examples per operation: SA_SCHEMATHESIS_EXAMPLES (8 by default: three to four minutes on two
 * cores, most of it the coverage phase, paced under the Enterprise plan's 1,000 requests a minute).
 */
const EXAMPLES = process.env.SA_SCHEMATHESIS_EXAMPLES ?? '8';
const CONTRACT = join(__dirname, 'contract');

describe('the API contract under Schemathesis', () => {
  let app: RunningApp;
  beforeAll(async () => {
    requireContractTools();
    // Streams end after a second, so the stream's answers end and their events can be checked.
    app = await startApp({ ROLES: 'api', LIVE_STREAM_MAX_SECONDS: '1' });
  });
  afterAll(() => app?.stop());

  it('finds no failure with --checks all, stateful phase included', async () => {
    // Ids of their own: the PostgreSQL test database is shared, and a chat another test saw as a
    // private group would need connecting first.
    const id = 100_000_000 + Math.floor(Math.random() * 800_000_000);
    const owner = await useAccount(app, 'enterprise', [`telegram:-1001${id}`, `twitter:${id}`]);
    const run = await runContractTool(
      'st',
      [
        `--config-file=${join(CONTRACT, 'schemathesis.toml')}`,
        'run',
        `${app.baseUrl}/openapi.json`,
        '--checks=all',
        '--phases=examples,coverage,fuzzing,stateful',
        `--max-examples=${EXAMPLES}`,
        '--workers=1',
        '--rate-limit=900/m',
        '--request-timeout=10',
        '--suppress-health-check=too_slow',
      ],
      {
        SCHEMATHESIS_HOOKS: join(CONTRACT, 'schemathesis_hooks.py'),
        SA_BASE_URL: app.baseUrl,
        SA_EMAIL: owner.email,
        SA_PASSWORD: owner.password,
        NO_COLOR: '1',
        PYTHONDONTWRITEBYTECODE: '1', // no __pycache__ beside the hooks in the checkout
      },
    );
    // Generated URLs run to kilobytes: each line of the report is cut short.
    const report = run.output
      .split('\n')
      .map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line))
      .join('\n');
    if (run.code !== 0) throw new Error(`Schemathesis failed (exit ${run.code}):\n${report}`);
    expect(report).toMatch(/Stateful[\s\S]*passed/);
    // The counts and the seed, for the test's log, in words of our own: Schemathesis closes with
    // pytest's rule line ("=== 1 warning in 213s ==="), which log readers take for a pytest run
    // that executed no test.
    const cases = /Test cases:\s*\n\s*(.+)/.exec(report)?.[1]?.trim() ?? 'no counts printed';
    const seed = /Seed:\s*(\d+)/.exec(report)?.[1] ?? 'unknown';
    console.log(`Schemathesis test cases: ${cases} (seed ${seed})`);
  }, 600_000);
});
