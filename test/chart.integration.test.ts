import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { STRIPE_WEBHOOK_PATH } from '../connectors/stripe/webhook';
import { TELEGRAM_WEBHOOK_PATH } from '../connectors/telegram/webhook';
import {
  CHART,
  ROOT,
  kubeconform,
  render,
  renderText,
  requireTools,
  scenarios,
  type Manifest,
} from './support/chart';

// The Helm chart as Kubernetes would receive it: every scenario rendered, validated against the
// API server's own OpenAPI schemas (v1.36.3, strict), and the properties an operator relies on.
requireTools();

const ofKind = (manifests: Manifest[], kind: string) => manifests.filter((m) => m.kind === kind);
const first = (manifests: Manifest[], kind: string) => ofKind(manifests, kind)[0]!;
const named = (manifests: Manifest[], kind: string, suffix: string) =>
  ofKind(manifests, kind).find((m) => m.metadata.name.endsWith(suffix))!;

describe.each(Object.entries(scenarios()))('the %s scenario', (_name, args) => {
  const text = renderText(args);
  const manifests = render(args);

  it("is valid against Kubernetes' own schemas (and the prometheus-operator CRDs), unknown fields included", () => {
    const { status, output } = kubeconform(text);
    expect(output).toMatch(/Invalid: 0, Errors: 0/);
    expect(status).toBe(0);
  });

  it('gives every container probes on the ops port, limits, and a read-only root', () => {
    const deployments = ofKind(manifests, 'Deployment');
    expect(deployments.length).toBeGreaterThan(0);
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      for (const container of pod.containers) {
        expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'ops' });
        expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'ops' });
        expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'ops' });
        for (const side of ['requests', 'limits']) {
          expect(Object.keys(container.resources[side]).sort()).toEqual(['cpu', 'memory']);
        }
        expect(container.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
        });
        expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      }
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
    }
  });

  it("waits for the process's own shutdown deadline before killing it", () => {
    for (const deployment of ofKind(manifests, 'Deployment')) {
      const pod = deployment.spec.template.spec;
      const container = pod.containers[0];
      const deadlineMs = Number(
        container.env.find((e: { name: string }) => e.name === 'SHUTDOWN_TIMEOUT_MS').value,
      );
      const preStop = container.lifecycle.preStop.sleep.seconds;
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStop + deadlineMs / 1000);
    }
  });

  it('never puts a credential in the ConfigMap', () => {
    const secretNames = Object.keys(parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')).secrets);
    for (const configMap of ofKind(manifests, 'ConfigMap')) {
      for (const name of secretNames) expect(configMap.data ?? {}).not.toHaveProperty(name);
    }
  });
});

describe('the production scenario', () => {
  const manifests = render(scenarios().production!);
  const configMap = first(manifests, 'ConfigMap');

  it('autoscales api and connectors from 3 to 10, processors no further than the partitions', () => {
    for (const role of ['api', 'connectors']) {
      expect(named(manifests, 'HorizontalPodAutoscaler', role).spec).toMatchObject({
        minReplicas: 3,
        maxReplicas: 10,
      });
    }
    const processors = named(manifests, 'HorizontalPodAutoscaler', 'processors').spec;
    expect(processors.maxReplicas).toBeLessThanOrEqual(Number(configMap.data!.KAFKA_TOPIC_PARTITIONS));
    for (const hpa of ofKind(manifests, 'HorizontalPodAutoscaler')) {
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec.metrics.map((m: { resource: { name: string } }) => m.resource.name).sort()).toEqual([
        'cpu',
        'memory',
      ]);
    }
  });

  it('routes the webhook paths of the code to connectors and everything else to api, over TLS', () => {
    const ingress = first(manifests, 'Ingress').spec;
    const routes = Object.fromEntries(
      ingress.rules[0].http.paths.map((p: { path: string; backend: { service: { name: string } } }) => [
        p.path,
        p.backend.service.name,
      ]),
    );
    expect(routes).toEqual({
      [TELEGRAM_WEBHOOK_PATH]: 'sa-social-analytics-connectors',
      [STRIPE_WEBHOOK_PATH]: 'sa-social-analytics-connectors',
      '/': 'sa-social-analytics-api',
    });
    expect(ingress.tls[0].hosts).toEqual([ingress.rules[0].host]);
  });

  it('reads credentials from the existing Secret and renders none of its own', () => {
    expect(ofKind(manifests, 'Secret')).toEqual([]);
    const envFrom = named(manifests, 'Deployment', 'api').spec.template.spec.containers[0].envFrom;
    expect(envFrom).toContainEqual({ secretRef: { name: 'social-analytics-credentials' } });
  });

  it('ships the alert rules of ops/prometheus/alerts.yml in its PrometheusRule', () => {
    const rules = parse(readFileSync(join(ROOT, 'ops', 'prometheus', 'alerts.yml'), 'utf8'));
    expect(first(manifests, 'PrometheusRule').spec).toEqual(rules);
  });
});

describe('configuration', () => {
  it('reaches every variable of .env.example, from values or from the chart itself', () => {
    const variables = [
      ...readFileSync(join(ROOT, '.env.example'), 'utf8').matchAll(/^(?:# )?([A-Z][A-Z0-9_]+)=/gm),
    ].map((match) => match[1]);
    const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8'));
    const setByChart = ['NODE_ENV', 'ROLES', 'HTTP_HOST', 'HTTP_PORT', 'OPS_PORT', 'SHUTDOWN_TIMEOUT_MS'];
    const reachable = new Set([...Object.keys(values.config), ...Object.keys(values.secrets), ...setByChart]);
    expect(variables.length).toBeGreaterThan(40);
    expect(variables.filter((name) => !reachable.has(name!))).toEqual([]);
  });

  it('puts inline credentials in the Secret, never in the ConfigMap', () => {
    const manifests = render(['--set', 'secrets.STRIPE_SECRET_KEY=sk_live_a-very-secret-key-for-this-test']);
    const configMap = first(manifests, 'ConfigMap');
    expect(JSON.stringify(configMap)).not.toContain('sk_live_a-very-secret-key-for-this-test');
    expect(Buffer.from(first(manifests, 'Secret').data!.STRIPE_SECRET_KEY!, 'base64').toString()).toBe(
      'sk_live_a-very-secret-key-for-this-test',
    );
  });

  it('refuses more processors than input partitions, and a wrong value, with a message', () => {
    expect(() => render(['--set', 'processors.autoscaling.maxReplicas=7'])).toThrow(
      /processors.autoscaling.maxReplicas \(7\) is above config.KAFKA_TOPIC_PARTITIONS \(6\)/,
    );
    expect(() => render(['--set', 'api.resources.limits.memory=plenty'])).toThrow(
      /api\/resources\/limits\/memory/,
    );
  });
});
