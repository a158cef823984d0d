import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHART, ROOT, kubeconform, render, renderText, requireTools } from './support/chart';

// The chart ships ops/grafana's dashboards as ConfigMaps that Grafana's dashboard sidecar loads.
requireTools();

const DASHBOARDS = join(ROOT, 'ops', 'grafana');
const enabled = ['--set', 'metrics.grafanaDashboards.enabled=true'];

describe('the chart’s Grafana dashboards', () => {
  it('renders none by default', () => {
    const labelled = render([]).filter((m) => m.kind === 'ConfigMap' && m.metadata.labels?.grafana_dashboard);
    expect(labelled).toEqual([]);
  });

  it('renders one ConfigMap per dashboard of ops/grafana, labelled for the sidecar, the JSON as it is', () => {
    const configMaps = render(enabled).filter(
      (m) => m.kind === 'ConfigMap' && m.metadata.labels?.grafana_dashboard,
    );
    const files = readdirSync(DASHBOARDS).filter((file) => file.endsWith('.json'));
    expect(
      configMaps
        .map((m) => Object.keys(m.data ?? {}))
        .flat()
        .sort(),
    ).toEqual(files.sort());
    for (const configMap of configMaps) {
      expect(configMap.metadata.labels?.grafana_dashboard).toBe('1');
      for (const [file, json] of Object.entries(configMap.data ?? {})) {
        expect(JSON.parse(json)).toEqual(JSON.parse(readFileSync(join(DASHBOARDS, file), 'utf8')));
      }
    }
  });

  it("is valid against Kubernetes' own schemas", () => {
    const { status, output } = kubeconform(renderText(enabled));
    expect(output).toMatch(/Invalid: 0, Errors: 0/);
    expect(status).toBe(0);
  });

  it('keeps the chart’s copies identical to ops/grafana (one source, copied)', () => {
    for (const file of readdirSync(DASHBOARDS).filter((name) => name.endsWith('.json'))) {
      expect(readFileSync(join(CHART, 'files', 'dashboards', file), 'utf8')).toBe(
        readFileSync(join(DASHBOARDS, file), 'utf8'),
      );
    }
  });
});
