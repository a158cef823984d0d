import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Where ops/deploy-checks.sh installs helm, kubeconform and the Kubernetes schemas. */
export const ROOT = join(__dirname, '..', '..');
export const CHART = join(ROOT, 'charts', 'social-analytics');
const BIN = join(ROOT, '.stack', 'bin');
const SCHEMAS = join(ROOT, '.stack', 'k8s-schemas', 'v1.36.3-prometheus-operator-v0.85.0');

/** One rendered Kubernetes object, loosely typed: the tests read the fields they check. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML, checked field by field
  spec?: any;
  data?: Record<string, string>;
}

/** Fails with the command that installs the tools, instead of a bare ENOENT. */
export function requireTools(): void {
  const missing = ['helm', 'kubeconform'].filter((tool) => !existsSync(join(BIN, tool)));
  if (!existsSync(join(SCHEMAS, 'servicemonitor-monitoring.coreos.com-v1.json')))
    missing.push('Kubernetes schemas');
  if (missing.length > 0)
    throw new Error(`missing ${missing.join(', ')}: run bash ops/deploy-checks.sh install`);
}

/** `helm template` with the given arguments; the YAML text. Throws with helm's message on failure. */
export function renderText(args: string[]): string {
  return execFileSync(join(BIN, 'helm'), ['template', 'sa', CHART, '--namespace', 'analytics', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `helm template` parsed into objects. */
export function render(args: string[]): Manifest[] {
  return parseAllDocuments(renderText(args))
    .map((document) => document.toJS() as Manifest | null)
    .filter((manifest): manifest is Manifest => manifest !== null);
}

/** The values files of the chart's CI scenarios, as `-f` arguments by scenario name. */
export function scenarios(): Record<string, string[]> {
  const found: Record<string, string[]> = { defaults: [] };
  for (const file of readdirSync(join(CHART, 'ci')).filter((name) => name.endsWith('-values.yaml'))) {
    found[file.replace(/-values\.yaml$/, '')] = ['-f', join(CHART, 'ci', file)];
  }
  return found;
}

/**
 * Validates YAML against Kubernetes' own schemas (and prometheus-operator's CRDs for
 * ServiceMonitor and PrometheusRule) with kubeconform, strict: unknown fields fail, and so does a
 * kind without a schema.
 */
export function kubeconform(yamlText: string): { status: number | null; output: string } {
  const result = spawnSync(
    join(BIN, 'kubeconform'),
    [
      '-strict',
      '-summary',
      '-schema-location',
      `${SCHEMAS}/{{ .ResourceKind }}-{{ .Group }}-{{ .ResourceAPIVersion }}.json`,
      '-',
    ],
    { input: yamlText, encoding: 'utf8' },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
