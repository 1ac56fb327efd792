/**
 * Dashboards drawn with Chart.js on <canvas>, each chart beside a table with the same figures (readable without
 * colour and without script). List freshness comes from the registry the API's /v1/lists reads.
 */
import type { Hono } from 'hono';
import type { AppDeps } from '../../deps.ts';
import { listAllAlerts } from '../../monitoring/all-alerts.ts';
import { when } from '../components/facts.tsx';
import type { ConsoleEnv, Officer } from '../env.ts';
import { Layout } from '../layout.tsx';
import { render } from '../render.tsx';

export interface ChartSpec {
  id: string;
  title: string;
  type: 'bar' | 'line';
  labels: string[];
  datasets: { label: string; data: number[] }[];
  stacked?: boolean;
  yTitle?: string;
}

/** A chart (drawn by console.js from data-chart) and its figures as a table. */
export const Chart = ({ spec }: { spec: ChartSpec }) => {
  const config = {
    type: spec.type,
    data: { labels: spec.labels, datasets: spec.datasets },
    options: {
      scales: {
        x: { stacked: spec.stacked ?? false },
        y: {
          stacked: spec.stacked ?? false,
          beginAtZero: true,
          ...(spec.yTitle ? { title: { display: true, text: spec.yTitle } } : {}),
        },
      },
    },
  };
  return (
    <figure class="card" aria-labelledby={`${spec.id}-title`}>
      <h3 id={`${spec.id}-title`}>{spec.title}</h3>
      <div class="chart-box">
        <canvas
          id={spec.id}
          role="img"
          aria-label={`Chart: ${spec.title}. The table below has the figures.`}
          data-chart={JSON.stringify(config)}
        />
      </div>
      <details>
        <summary>Figures</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{spec.yTitle ?? ''}</th>
              {spec.datasets.map((d) => (
                <th scope="col">{d.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {spec.labels.map((l, i) => (
              <tr>
                <th scope="row">{l}</th>
                {spec.datasets.map((d) => (
                  <td>{String(d.data[i] ?? '')}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
};

const HOUR = 3_600_000;

function listFreshness(deps: AppDeps) {
  const now = deps.clock().getTime();
  const rows = deps.lists.status().map((s) =>
    'loaded' in s
      ? { source: s.source, loadedAt: null, ageHours: null, origin: '—', lastError: s.lastError ?? 'not loaded' }
      : {
          source: s.source,
          loadedAt: s.loadedAt,
          ageHours: Math.round(((now - s.loadedAt.getTime()) / HOUR) * 10) / 10,
          origin: s.origin,
          lastError: s.lastError ?? null,
        },
  );
  const chart: ChartSpec = {
    id: 'list-freshness',
    title: 'List freshness: hours since each source was loaded',
    type: 'bar',
    labels: rows.map((r) => r.source),
    datasets: [{ label: 'Hours since load', data: rows.map((r) => r.ageHours ?? 0) }],
    yTitle: 'hours',
  };
  return { rows, chart, reason: deps.lists.unavailableReason() };
}

const DAY = 86_400_000;
/** Alerts per day are read page by page through the /v1/alerts listing; a dashboard stops at this many. */
const MAX_ALERTS = 10_000;

/** Transaction alerts per day and rule over the last `days` days, through the listing GET /v1/alerts uses. */
async function alertsPerDay(deps: AppDeps, days: number) {
  const now = deps.clock().getTime();
  const since = now - days * DAY;
  const labels = Array.from({ length: days }, (_, i) => new Date(since + (i + 1) * DAY).toISOString().slice(0, 10));
  const counts = new Map<string, number[]>();
  let cursor: string | undefined;
  let seen = 0;
  let truncated = false;
  for (;;) {
    const page = await listAllAlerts(deps.transactions.store, deps.monitoring, {
      limit: 500,
      kind: 'transaction',
      ...(cursor ? { cursor } : {}),
    });
    let older = false;
    for (const a of page.alerts) {
      const at = Date.parse(a.detectedAt);
      if (at < since) {
        older = true;
        break;
      }
      const day = labels.indexOf(a.detectedAt.slice(0, 10));
      if (day < 0 || a.kind !== 'transaction') continue;
      for (const code of new Set(a.ruleHits.map((h) => String(h.code)))) {
        const row = counts.get(code) ?? new Array<number>(days).fill(0);
        row[day]! += 1;
        counts.set(code, row);
      }
    }
    seen += page.alerts.length;
    if (older || !page.next) break;
    if (seen >= MAX_ALERTS) {
      truncated = true;
      break;
    }
    cursor = page.next;
  }
  const spec: ChartSpec = {
    id: 'alerts-per-day',
    title: `Transaction alerts per day by rule (last ${days} days)`,
    type: 'bar',
    stacked: true,
    labels,
    datasets: [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([label, data]) => ({ label, data })),
    yTitle: 'alerts',
  };
  return { spec, truncated };
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? 0 : Math.round(x * 1000) / 10);

async function analytics(deps: AppDeps, days: number) {
  const to = deps.clock();
  const from = new Date(to.getTime() - days * DAY);
  const a = await deps.reports.kycAnalytics(from.toISOString(), to.toISOString(), 'day');
  const providers = a.providers.map((p) => p.provider);
  const fp: ChartSpec = {
    id: 'false-positives',
    title: 'Share of decided alerts cleared as false positives, per rule (%)',
    type: 'bar',
    labels: a.cases.falsePositivesByRule.map((r) => r.ruleCode),
    datasets: [
      {
        label: 'cleared as false positive (%)',
        data: a.cases.falsePositivesByRule.map((r) => pct(r.falsePositiveShare)),
      },
    ],
    yTitle: '%',
  };
  const approval: ChartSpec = {
    id: 'providers',
    title: 'Verifications by provider: approval and automation rate (%)',
    type: 'bar',
    labels: providers,
    datasets: [
      { label: 'approval rate (%)', data: a.providers.map((p) => pct(p.approvalRate)) },
      { label: 'automation rate (%)', data: a.providers.map((p) => pct(p.automationRate)) },
    ],
    yTitle: '%',
  };
  const decision: ChartSpec = {
    id: 'time-to-decision',
    title: 'Cases: opened, decided and median minutes to decision per day',
    type: 'line',
    labels: a.cases.periods.map((p) => p.period),
    datasets: [
      { label: 'opened', data: a.cases.periods.map((p) => p.opened) },
      { label: 'decided', data: a.cases.periods.map((p) => p.decided) },
      { label: 'median minutes to decision', data: a.cases.periods.map((p) => p.medianMinutesToDecision ?? 0) },
    ],
  };
  return { a, fp, approval, decision };
}

const DashboardsPage = (p: {
  officer: Officer;
  lists: ReturnType<typeof listFreshness>;
  alerts: Awaited<ReturnType<typeof alertsPerDay>>;
  analytics: Awaited<ReturnType<typeof analytics>>;
}) => {
  const a = p.analytics.a;
  return (
    <Layout title="Dashboards" officer={p.officer} nav="dashboards" scripts={['/console/assets/chart.umd.min.js']}>
      <section aria-labelledby="alerts">
        <h2 id="alerts">Alerts</h2>
        {p.alerts.truncated ? <p>Only the newest {MAX_ALERTS} alerts are counted.</p> : null}
        <div class="charts">
          <Chart spec={p.alerts.spec} />
          <Chart spec={p.analytics.fp} />
        </div>
      </section>
      <section aria-labelledby="kyc">
        <h2 id="kyc">
          Verifications and casework ({a.from.slice(0, 10)} to {a.to.slice(0, 10)})
        </h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Verifications</th>
              <th scope="col">Approved</th>
              <th scope="col">Approval rate</th>
              <th scope="col">Median / p90 minutes</th>
              <th scope="col">Total cost</th>
              <th scope="col">Cost per approval</th>
              <th scope="col">Automation rate</th>
            </tr>
          </thead>
          <tbody>
            {[...a.providers.map((r) => ({ ...r, name: r.provider })), { ...a.totals, name: 'all providers' }].map(
              (r) => (
                <tr>
                  <th scope="row">{r.name}</th>
                  <td>{String(r.verifications)}</td>
                  <td>{String(r.approved)}</td>
                  <td>{r.approvalRate === null ? '—' : `${pct(r.approvalRate)} %`}</td>
                  <td>{`${r.medianProcessingMinutes ?? '—'} / ${r.p90ProcessingMinutes ?? '—'}`}</td>
                  <td>{`${r.totalCostUsd} USD`}</td>
                  <td>{r.costPerApprovedUsd === null ? '—' : `${r.costPerApprovedUsd} USD`}</td>
                  <td>{r.automationRate === null ? '—' : `${pct(r.automationRate)} %`}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
        <p>
          Automation target {pct(a.automationTarget)} %:{' '}
          {a.totals.automationTargetMet === null
            ? 'nothing decided yet'
            : a.totals.automationTargetMet
              ? 'met'
              : 'not met'}
          . Cases opened {a.cases.opened}, decided {a.cases.decided}, median time to decision{' '}
          {a.cases.medianMinutesToDecision === null ? '—' : `${a.cases.medianMinutesToDecision} minutes`}.
        </p>
        <div class="charts">
          <Chart spec={p.analytics.approval} />
          <Chart spec={p.analytics.decision} />
        </div>
      </section>
      <section aria-labelledby="lists">
        <h2 id="lists">Sanctions lists</h2>
        <p>{p.lists.reason ? `Screening cannot run: ${p.lists.reason}` : 'Every configured list is usable.'}</p>
        <table>
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Origin</th>
              <th scope="col">Loaded</th>
              <th scope="col">Age (hours)</th>
              <th scope="col">Last refresh error</th>
            </tr>
          </thead>
          <tbody>
            {p.lists.rows.map((r) => (
              <tr>
                <th scope="row">{r.source}</th>
                <td>{r.origin}</td>
                <td>{when(r.loadedAt)}</td>
                <td>{r.ageHours === null ? '—' : String(r.ageHours)}</td>
                <td>{r.lastError ?? 'none'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Chart spec={p.lists.chart} />
      </section>
    </Layout>
  );
};

export function dashboardPages(app: Hono<ConsoleEnv>, deps: AppDeps) {
  app.get('/dashboards', async (c) => {
    const [alerts, stats] = await Promise.all([alertsPerDay(deps, 14), analytics(deps, 30)]);
    return render(
      c,
      <DashboardsPage officer={c.get('officer')} lists={listFreshness(deps)} alerts={alerts} analytics={stats} />,
    );
  });
}
