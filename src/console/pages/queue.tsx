/** The queue: the cases service's list with the API's filters, SLA states, and take (assign to me). */
import type { Hono } from 'hono';
import type { CasesService } from '../../cases/service.ts';
import { CASE_KINDS, CASE_PRIORITIES, CASE_STATUSES, type CaseFilter, type CaseView } from '../../cases/types.ts';
import type { AppDeps } from '../../deps.ts';
import { CaseTable } from '../components/case-table.tsx';
import type { ConsoleEnv, Officer } from '../env.ts';
import { Layout, Message } from '../layout.tsx';
import { flash, render } from '../render.tsx';

const PAGE = 50;
const AGES = [
  ['', 'any age'],
  ['1', 'older than 1 hour'],
  ['24', 'older than 1 day'],
  ['72', 'older than 3 days'],
  ['168', 'older than 7 days'],
] as const;

const oneOf = <T extends string>(list: readonly T[], v: string | undefined): T | undefined =>
  v !== undefined && (list as readonly string[]).includes(v) ? (v as T) : undefined;

interface QueueQuery {
  kind?: string;
  status?: string;
  priority?: string;
  assignee?: string;
  order?: string;
  minAgeHours?: string;
}

const Select = (p: {
  name: string;
  label: string;
  value?: string;
  options: readonly (readonly [string, string])[];
}) => (
  <label>
    {p.label}
    <select name={p.name}>
      {p.options.map(([v, l]) => (
        <option value={v} selected={v === (p.value ?? '')}>
          {l}
        </option>
      ))}
    </select>
  </label>
);

const any = (list: readonly string[]) => [['', 'any'] as const, ...list.map((v) => [v, v.replace(/_/g, ' ')] as const)];

const QueuePage = (p: {
  officer: Officer;
  q: QueueQuery;
  cases: CaseView[];
  next: string | null;
  now: Date;
  flash: ReturnType<typeof flash>;
}) => (
  <Layout title="Case queue" officer={p.officer} nav="queue">
    <Message text={p.flash.text} error={p.flash.error} />
    <form method="get" action="/console/queue" class="filters" aria-label="Filter the queue">
      <Select name="kind" label="Kind" value={p.q.kind} options={any(CASE_KINDS)} />
      <Select
        name="status"
        label="Status"
        value={p.q.status}
        options={[['', 'not decided'], ...any(CASE_STATUSES).slice(1), ['all', 'all']]}
      />
      <Select name="priority" label="Priority" value={p.q.priority} options={any(CASE_PRIORITIES)} />
      <label>
        Assignee
        <input type="text" name="assignee" maxlength={100} value={p.q.assignee ?? ''} />
      </label>
      <Select name="minAgeHours" label="Age" value={p.q.minAgeHours} options={AGES} />
      <Select
        name="order"
        label="Order"
        value={p.q.order}
        options={[
          ['newest', 'newest first'],
          ['oldest', 'oldest first'],
        ]}
      />
      <button type="submit">Filter</button>
    </form>
    <p class="muted">
      Due dates follow the priority's SLA; “overdue” and “due soon” (less than a quarter of the time left) are written
      out as well as coloured.
    </p>
    <CaseTable cases={p.cases} now={p.now} officer={p.officer} />
    {p.next ? (
      <p>
        <a href={`/console/queue?${new URLSearchParams({ ...clean(p.q), cursor: p.next })}`}>Next page</a>
      </p>
    ) : null}
  </Layout>
);

const clean = (q: QueueQuery): Record<string, string> =>
  Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;

export function queuePages(app: Hono<ConsoleEnv>, deps: AppDeps, cases: CasesService) {
  app.get('/queue', async (c) => {
    const q: QueueQuery = {
      kind: c.req.query('kind'),
      status: c.req.query('status'),
      priority: c.req.query('priority'),
      assignee: c.req.query('assignee')?.trim() || undefined,
      order: c.req.query('order'),
      minAgeHours: c.req.query('minAgeHours'),
    };
    const cursor = c.req.query('cursor');
    const status = oneOf(CASE_STATUSES, q.status);
    const minAgeHours = Math.max(0, Number(q.minAgeHours) || 0);
    const filter: CaseFilter = {
      limit: PAGE,
      order: q.order === 'oldest' ? 'oldest' : 'newest',
      ...(oneOf(CASE_KINDS, q.kind) ? { kind: oneOf(CASE_KINDS, q.kind) } : {}),
      ...(status ? { status } : {}),
      ...(oneOf(CASE_PRIORITIES, q.priority) ? { priority: oneOf(CASE_PRIORITIES, q.priority) } : {}),
      ...(q.assignee ? { assignee: q.assignee } : {}),
      ...(minAgeHours > 0
        ? { createdBefore: new Date(deps.clock().getTime() - minAgeHours * 3_600_000).toISOString() }
        : {}),
      ...(cursor ? { cursor } : {}),
    };
    const page = await cases.list(filter);
    // The queue is the work to do: without a status filter, decided cases are left out of the page shown.
    const shown = page.cases.filter((k) => status || q.status === 'all' || k.status !== 'decided');
    return render(
      c,
      <QueuePage officer={c.get('officer')} q={q} cases={shown} next={page.next} now={deps.clock()} flash={flash(c)} />,
    );
  });
}
