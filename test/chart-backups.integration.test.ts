import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CHART, render, requireTools, scenarios, type Manifest } from './support/chart';

// The chart runs the lake's backup commands (app/lake.ts, docs/lake.md) as CronJobs: the same
// image, configuration and Secret as the roles, so a backup reaches what the product reaches.
requireTools();

const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8'));
const cronJob = (manifests: Manifest[], which: 'postgres' | 'clickhouse') =>
  manifests.find((m) => m.kind === 'CronJob' && m.metadata.name === `sa-social-analytics-backup-${which}`);
const deployment = (manifests: Manifest[]) => manifests.find((m) => m.kind === 'Deployment')!;
const podOf = (job: Manifest) => job.spec.jobTemplate.spec.template.spec;

describe.each(Object.entries(scenarios()))('the backups of the %s scenario', (_name, args) => {
  const manifests = render(args);

  it("run the image's compiled entry with the roles' configuration, Secret, pod and container security", () => {
    const roles = deployment(manifests).spec.template.spec;
    for (const which of ['postgres', 'clickhouse'] as const) {
      const pod = podOf(cronJob(manifests, which)!);
      const [container] = pod.containers;
      expect(container.image).toBe(roles.containers[0].image);
      expect([...container.command, ...container.args]).toEqual([
        'node',
        'dist/app/lake.js',
        'backup',
        which,
      ]);
      expect(container.envFrom).toEqual(roles.containers[0].envFrom);
      expect(container.env).toContainEqual({ name: 'NODE_ENV', value: 'production' });
      expect(container.securityContext).toEqual(roles.containers[0].securityContext);
      expect(pod.securityContext).toEqual(roles.securityContext);
      expect(pod.serviceAccountName).toBe(roles.serviceAccountName);
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const side of ['requests', 'limits']) {
        expect(Object.keys(container.resources[side]).sort()).toEqual(['cpu', 'memory']);
      }
      // pg_dump writes its passfile and the dump under os.tmpdir(): the root filesystem is read-only.
      expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      expect(pod.volumes).toContainEqual({
        name: 'tmp',
        emptyDir: { sizeLimit: values.backup.tmpSizeLimit },
      });
      expect(pod.restartPolicy).toBe('Never');
    }
  });
});

describe('the PostgreSQL backup CronJob', () => {
  const job = cronJob(render([]), 'postgres')!;

  it('runs on the schedule of values.yaml, one at a time, within deadlines, keeping some history', () => {
    expect(values.backup.postgres.enabled).toBe(true);
    expect(job.spec).toMatchObject({
      schedule: values.backup.postgres.schedule,
      timeZone: values.backup.timeZone,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: values.backup.startingDeadlineSeconds,
      successfulJobsHistoryLimit: values.backup.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: values.backup.failedJobsHistoryLimit,
    });
    expect(job.spec.jobTemplate.spec).toMatchObject({
      backoffLimit: values.backup.postgres.backoffLimit,
      activeDeadlineSeconds: values.backup.postgres.activeDeadlineSeconds,
    });
  });

  it('takes its schedule from the values, and is not rendered when disabled', () => {
    const hourly = cronJob(render(['--set', 'backup.postgres.schedule=5 */2 * * *']), 'postgres')!;
    expect(hourly.spec.schedule).toBe('5 */2 * * *');
    expect(cronJob(render(['--set', 'backup.postgres.enabled=false']), 'postgres')).toBeUndefined();
  });

  it('reads credentials from an existing Secret as the roles do, the image pinned by digest', () => {
    const manifests = render(scenarios().production!);
    const container = podOf(cronJob(manifests, 'postgres')!).containers[0];
    expect(container.envFrom).toContainEqual({ secretRef: { name: 'social-analytics-credentials' } });
    expect(container.image).toMatch(/^registry\.example\.com\/social-analytics@sha256:/);
  });

  it('refuses a schedule that is not five cron fields or a macro, with the path of the value', () => {
    expect(cronJob(render(['--set', 'backup.postgres.schedule=@daily']), 'postgres')!.spec.schedule).toBe(
      '@daily',
    );
    expect(() => render(['--set', 'backup.postgres.schedule=hourly'])).toThrow(/backup\/postgres\/schedule/);
  });
});

describe('the ClickHouse backup CronJob', () => {
  it('runs against the ClickHouse server of config.CLICKHOUSE_URL, on its own schedule', () => {
    const job = cronJob(render([]), 'clickhouse')!;
    expect(job.spec.schedule).toBe(values.backup.clickhouse.schedule);
    expect(job.spec.concurrencyPolicy).toBe('Forbid');
    // A BACKUP whose client gave up still runs on the server: a retry would start a second copy.
    expect(job.spec.jobTemplate.spec.backoffLimit).toBe(0);
    expect(job.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(
      values.backup.clickhouse.activeDeadlineSeconds,
    );
  });

  it('is not rendered when disabled', () => {
    expect(cronJob(render(['--set', 'backup.clickhouse.enabled=false']), 'clickhouse')).toBeUndefined();
  });

  it('never runs against embedded chdb: the chart refuses to render without a server', () => {
    expect(() => render(['--set', 'config.CLICKHOUSE_URL='])).toThrow(/config.CLICKHOUSE_URL is required/);
  });
});

describe('the backups’ NetworkPolicy', () => {
  const egress = [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }];
  const manifests = render(['--set-json', `networkPolicy.egress=${JSON.stringify(egress)}`]);

  it('selects the backup pods: no ingress at all, the egress the roles have', () => {
    const labels = cronJob(manifests, 'postgres')!.spec.jobTemplate.spec.template.metadata.labels as Record<
      string,
      string
    >;
    const policy = manifests.find(
      (m) =>
        m.kind === 'NetworkPolicy' &&
        Object.entries(m.spec.podSelector.matchLabels).every(([key, value]) => labels[key] === value),
    )!;
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress ?? []).toEqual([]);
    expect(policy.spec.egress).toEqual(egress);
  });

  it('is not rendered with no backup, nor when NetworkPolicies are off', () => {
    const backupPolicies = (args: string[]) =>
      render(args).filter(
        (m) =>
          m.kind === 'NetworkPolicy' &&
          m.spec.podSelector.matchLabels['app.kubernetes.io/component'] === 'backup',
      );
    expect(backupPolicies([])).toHaveLength(1);
    const none = ['--set', 'backup.postgres.enabled=false', '--set', 'backup.clickhouse.enabled=false'];
    expect(backupPolicies(none)).toEqual([]);
    expect(backupPolicies(['--set', 'networkPolicy.enabled=false'])).toEqual([]);
  });
});
