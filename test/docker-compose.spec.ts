/**
 * Issue 14, docker/: the compose stacks with Prometheus and Grafana hold together. Every compose
 * file is checked by `docker-compose config -q` when a Compose client is installed (Debian:
 * `apt-get install docker-compose`; Docker's own `docker compose` plugin works too), and always
 * read here: services, pinned images, ports, mounted files that exist, Prometheus scraping the
 * ledger's services, Grafana's provisioning pointing at that Prometheus and at the dashboard JSON,
 * and the dashboard's panels. That the dashboard's queries name metrics `/metrics` really exports
 * is checked against a running app in metrics.e2e-spec.ts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { YAML11_SCHEMA, load } from 'js-yaml';

const DOCKER = path.resolve(__dirname, '..', 'docker');
const COMPOSE_FILES = fs
  .readdirSync(DOCKER)
  .filter((name) => /^docker-compose.*\.ya?ml$/.test(name))
  .sort();

interface Service {
  readonly image?: string;
  readonly build?: unknown;
  readonly ports?: readonly string[];
  readonly volumes?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly command?: readonly string[];
}

interface ComposeFile {
  readonly services: Readonly<Record<string, Service>>;
  readonly volumes?: Readonly<Record<string, unknown>>;
}

/** Compose files use YAML 1.1's merge keys (`<<: *anchor`). */
function yamlFile<T>(file: string): T {
  return load(fs.readFileSync(file, 'utf8'), { schema: YAML11_SCHEMA }) as T;
}

function composeFile(name: string): ComposeFile {
  return yamlFile<ComposeFile>(path.join(DOCKER, name));
}

/** `./host/path:/container/path[:ro]` → both paths (a named volume has no `./`). */
function bindMount(volume: string): { readonly host: string; readonly container: string } | null {
  const [host = '', container = ''] = volume.split(':');
  return host.startsWith('.') || host.startsWith('/') ? { host, container } : null;
}

/** The Compose client on this machine, if any: v1 (`docker-compose`) or v2 (`docker compose`). */
function composeClient(): readonly string[] | null {
  for (const command of [['docker-compose'], ['docker', 'compose']]) {
    const probe = spawnSync(command[0]!, [...command.slice(1), 'version'], { encoding: 'utf8' });
    if (probe.status === 0) return command;
  }
  return null;
}

const client = composeClient();

describe('docker/ compose stacks with Prometheus and Grafana (issue 14)', () => {
  it('has the development stack and the cluster', () => {
    expect(COMPOSE_FILES).toEqual(['docker-compose.cluster.yml', 'docker-compose.yml']);
  });

  (client === null ? it.skip : it).each(COMPOSE_FILES)(
    '%s passes `docker-compose config -q` (needs a Compose client: apt-get install docker-compose)',
    (name) => {
      const [command, ...args] = client!;
      const run = spawnSync(command!, [...args, '-f', path.join(DOCKER, name), 'config', '-q'], {
        encoding: 'utf8',
        // What a developer's shell may hold must not decide the outcome.
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    },
  );

  describe.each(COMPOSE_FILES)('%s', (name) => {
    const compose = composeFile(name);
    const services = Object.entries(compose.services);

    it('runs the api, the worker, Prometheus and Grafana', () => {
      expect(Object.keys(compose.services)).toEqual(
        expect.arrayContaining(['api', 'worker', 'prometheus', 'grafana']),
      );
    });

    it('pins every image to a version (no `latest`, no bare name)', () => {
      for (const [service, { image, build }] of services) {
        if (image === undefined) {
          expect({ service, build: build !== undefined }).toEqual({ service, build: true });
          continue;
        }
        expect({ service, image }).toEqual({
          service,
          image: expect.stringMatching(/^[\w./-]+:(?!latest$)[\w.-]+$/) as string,
        });
      }
    });

    it('publishes ports as host:container, the monitoring ones on this machine only', () => {
      for (const [service, { ports = [] }] of services) {
        for (const port of ports) {
          expect({ service, port }).toEqual({
            service,
            port: expect.stringMatching(/^(127\.0\.0\.1:)?\d+:\d+$/) as string,
          });
        }
      }
      expect(compose.services.prometheus?.ports).toEqual(['127.0.0.1:9090:9090']);
      expect(compose.services.grafana?.ports).toEqual(['127.0.0.1:3001:3000']);
    });

    it('mounts files that exist, and declares every named volume', () => {
      const declared = Object.keys(compose.volumes ?? {});
      for (const [service, { volumes = [] }] of services) {
        for (const volume of volumes) {
          const bind = bindMount(volume);
          if (bind === null) {
            expect({ service, volume: volume.split(':')[0], declared: true }).toEqual({
              service,
              volume: volume.split(':')[0],
              declared: declared.includes(volume.split(':')[0]!),
            });
          } else {
            const host = path.resolve(DOCKER, bind.host);
            expect({ service, host: bind.host, exists: fs.existsSync(host) }).toEqual({
              service,
              host: bind.host,
              exists: true,
            });
          }
        }
      }
    });

    it('has Prometheus scrape /metrics of the api and the worker with the mounted config', () => {
      const prometheus = compose.services.prometheus!;
      const config = bindMountOf(prometheus, '/etc/prometheus/prometheus.yml');
      expect(prometheus.command).toContain('--config.file=/etc/prometheus/prometheus.yml');
      const scrape = yamlFile<{
        scrape_configs: { metrics_path: string; static_configs: { targets: string[] }[] }[];
      }>(config);
      const [job] = scrape.scrape_configs;
      expect(job?.metrics_path).toBe('/metrics');
      const targets = job!.static_configs.flatMap((group) => group.targets);
      expect(targets).toEqual(['api:3000', 'worker:3000']);
      for (const target of targets) {
        const [service = '', port = ''] = target.split(':');
        expect(compose.services[service]?.environment?.PORT).toBe(port);
      }
    });

    it('provisions Grafana with that Prometheus and the dashboard kept in the repository', () => {
      const grafana = compose.services.grafana!;
      const provisioning = bindMountOf(grafana, '/etc/grafana/provisioning');
      const dashboards = bindMountOf(grafana, '/etc/grafana/dashboards');
      const datasources = yamlFile<{ datasources: { uid: string; type: string; url: string }[] }>(
        path.join(provisioning, 'datasources/prometheus.yml'),
      ).datasources;
      expect(datasources).toEqual([
        expect.objectContaining({
          type: 'prometheus',
          uid: 'ledger-prometheus',
          url: 'http://prometheus:9090',
        }),
      ]);
      const providers = yamlFile<{ providers: { type: string; options: { path: string } }[] }>(
        path.join(provisioning, 'dashboards/ledger.yml'),
      ).providers;
      expect(providers).toEqual([
        expect.objectContaining({
          type: 'file',
          options: expect.objectContaining({ path: '/etc/grafana/dashboards' }) as object,
        }),
      ]);
      expect(fs.existsSync(path.join(dashboards, 'ledger.json'))).toBe(true);
      expect(grafana.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH).toBe(
        '/etc/grafana/dashboards/ledger.json',
      );
    });
  });

  describe('the dashboard (docker/grafana/dashboards/ledger.json)', () => {
    interface Panel {
      readonly type: string;
      readonly title: string;
      readonly datasource?: { readonly uid: string };
      readonly targets?: readonly { readonly expr: string }[];
    }
    const dashboard = JSON.parse(
      fs.readFileSync(path.join(DOCKER, 'grafana/dashboards/ledger.json'), 'utf8'),
    ) as { uid: string; panels: Panel[] };
    const queries = dashboard.panels.flatMap((panel) => panel.targets ?? []).map((t) => t.expr);

    it('is valid JSON with a stable uid, every panel on the provisioned data source', () => {
      expect(dashboard.uid).toBe('judgment-fee-ledger');
      for (const panel of dashboard.panels.filter((candidate) => candidate.type !== 'row')) {
        expect({ panel: panel.title, uid: panel.datasource?.uid }).toEqual({
          panel: panel.title,
          uid: 'ledger-prometheus',
        });
        expect(panel.targets?.length).toBeGreaterThan(0);
      }
    });

    it('shows request rate, p99 from the histogram, errors by code, PG outcomes, projection lag and settlements', () => {
      const wanted = [
        /rate\(http_request_duration_seconds_count\[/,
        /histogram_quantile\(0\.99, sum by \(le, route\) \(rate\(http_request_duration_seconds_bucket\[/,
        /sum by \(code, status\) \(rate\(ledger_problem_answers_total\[/,
        /sum by \(operation, outcome\) \(rate\(ledger_pg_calls_total\[/,
        /^ledger_projection_lag_events$/,
        /ledger_settlement_last_day_amount_krw/,
        /ledger_settlement_close_duration_seconds_bucket/,
      ];
      for (const pattern of wanted) {
        expect({
          pattern: String(pattern),
          found: queries.some((expr) => pattern.test(expr)),
        }).toEqual({ pattern: String(pattern), found: true });
      }
    });
  });
});

/** The host path mounted at `container` in `service` (relative to docker/). */
function bindMountOf(service: Service, container: string): string {
  const bind = (service.volumes ?? [])
    .map(bindMount)
    .find((mount) => mount?.container === container);
  if (bind === undefined || bind === null) throw new Error(`Nothing is mounted at ${container}`);
  return path.resolve(DOCKER, bind.host);
}
