import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * Keeps the alert rules, their promtool tests and their runbooks in step: an alert added without a
 * runbook an on-call person can follow, or without a test that fires it, fails here.
 */
interface Rule {
  alert?: string;
  labels?: { severity?: string };
  annotations?: { runbook?: string };
}

const root = join(__dirname, '..', '..');
const rules = (
  parse(readFileSync(join(root, 'ops/prometheus/alerts.yml'), 'utf8')) as { groups: { rules: Rule[] }[] }
).groups.flatMap((group) => group.rules.filter((rule) => rule.alert !== undefined));
const alerts = rules.map((rule) => rule.alert as string);
const operations = readFileSync(join(root, 'docs/operations.md'), 'utf8');
const runbookSection = operations.slice(operations.indexOf('## Alerts and their runbooks'));
/** Each runbook: its `###` heading and the first word of its text (the severity). */
const runbooks = new Map(
  [...runbookSection.matchAll(/^### (\S+)\n(\w+)\./gm)].map((match) => [match[1], match[2]]),
);
const tested = new Set(
  [...readFileSync(join(root, 'ops/prometheus/alerts.test.yml'), 'utf8').matchAll(/alertname: *(\S+)/g)].map(
    (match) => match[1],
  ),
);

describe('alert rules, tests and runbooks', () => {
  it('reads a rule file with alerts in it', () => {
    expect(alerts.length).toBeGreaterThan(0);
  });

  it.each(rules.map((rule) => [rule.alert as string, rule]))(
    '%s links to its runbook, which names its severity',
    (name, rule) => {
      expect(rule.annotations?.runbook).toBe(`docs/operations.md#${name.toLowerCase()}`);
      const severity = rule.labels?.severity;
      expect(['critical', 'warning']).toContain(severity);
      expect(runbooks.get(name)?.toLowerCase()).toBe(severity);
    },
  );

  it('has a runbook only for alerts that exist', () => {
    expect([...runbooks.keys()].sort()).toEqual([...alerts].sort());
  });

  it('fires every alert in a promtool test', () => {
    expect(alerts.filter((name) => !tested.has(name))).toEqual([]);
  });
});
