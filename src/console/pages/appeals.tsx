/**
 * Appeals: the list with escalation and priority, one appeal with its reason and documents (an audited view of
 * personal data, as in the API), the decision form, and the linked re-verification. Decisions go through the
 * appeals service, which decides the appeal's case: the senior rule for escalated appeals is applied there.
 */
import type { Hono } from 'hono';
import type { AppealsService } from '../../appeals/service.ts';
import { APPEAL_STATUSES } from '../../db/schema/appeals.ts';
import type { AppDeps } from '../../deps.ts';
import { InvalidInputError, NotFoundError } from '../../errors.ts';
import { Facts, when } from '../components/facts.tsx';
import { type ConsoleEnv, caseActor, kycActor, type Officer } from '../env.ts';
import { CsrfField, Layout, Message } from '../layout.tsx';
import { field, flash, formAction, render } from '../render.tsx';

type Summary = Awaited<ReturnType<AppealsService['list']>>['appeals'][number];
type Detail = Awaited<ReturnType<AppealsService['get']>>;
const OUTCOMES = [
  ['overturn', 'Overturn: approve the verification'],
  ['uphold', 'Uphold the rejection'],
  ['reverify', 'Re-verify with another provider'],
] as const;

const AppealList = (p: {
  officer: Officer;
  appeals: Summary[];
  status?: string;
  next: string | null;
  flash: ReturnType<typeof flash>;
}) => (
  <Layout title="Appeals" officer={p.officer} nav="appeals">
    <Message text={p.flash.text} error={p.flash.error} />
    <form method="get" action="/console/appeals" class="filters">
      <label>
        Status
        <select name="status">
          <option value="">any</option>
          {APPEAL_STATUSES.map((s) => (
            <option value={s} selected={s === p.status}>
              {s.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Filter</button>
    </form>
    <table>
      <thead>
        <tr>
          <th scope="col">Appeal</th>
          <th scope="col">Customer</th>
          <th scope="col">Status</th>
          <th scope="col">Escalated</th>
          <th scope="col">Priority</th>
          <th scope="col">Lifetime volume</th>
          <th scope="col">Submitted</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {p.appeals.map((a) => (
          <tr>
            <td>
              <a href={`/console/appeals/${encodeURIComponent(a.appealId)}`}>{a.appealId}</a>
            </td>
            <td>
              <a href={`/console/customers/${encodeURIComponent(a.userId)}`}>{a.userId}</a>
            </td>
            <td>{a.status.replace(/_/g, ' ')}</td>
            <td>{a.escalated ? 'yes — senior only' : 'no'}</td>
            <td>{a.priority}</td>
            <td>{`${a.lifetimeVolumeUsd} USD`}</td>
            <td>{when(a.createdAt)}</td>
            <td>{a.outcome ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
    {p.appeals.length === 0 ? <p>No appeals.</p> : null}
    {p.next ? (
      <p>
        <a
          href={`/console/appeals?${new URLSearchParams({ ...(p.status ? { status: p.status } : {}), cursor: p.next })}`}
        >
          Next page
        </a>
      </p>
    ) : null}
  </Layout>
);

const AppealPage = (p: {
  officer: Officer;
  appeal: Detail;
  reverification: { verificationId: string; status: string; provider: string } | null;
  flash: ReturnType<typeof flash>;
}) => {
  const a = p.appeal;
  const senior = p.officer.scopes.has('senior');
  return (
    <Layout title={`Appeal ${a.appealId}`} officer={p.officer} nav="appeals">
      <Message text={p.flash.text} error={p.flash.error} />
      <p class="muted">Viewing this appeal’s reason and documents is recorded in the KYC audit trail.</p>
      <div class="grid2">
        <section class="card" aria-labelledby="facts">
          <h2 id="facts">The appeal</h2>
          <Facts
            rows={[
              ['Customer', <a href={`/console/customers/${encodeURIComponent(a.userId)}`}>{a.userId}</a>],
              ['Verification', a.verificationId],
              ['Status', a.status.replace(/_/g, ' ')],
              ['Escalated', a.escalated ? 'yes: only a senior officer may decide it' : 'no'],
              ['Priority', a.priority],
              ['Lifetime volume', `${a.lifetimeVolumeUsd} USD`],
              ['Submitted', when(a.createdAt)],
              ['Case', <a href={`/console/cases/${encodeURIComponent(a.caseId)}`}>{a.caseId}</a>],
              ['Reason', a.reason],
              ['Documents', a.documents.map((d) => `${d.type}: ${d.reference}`).join('; ') || 'none'],
            ]}
          />
        </section>
        <section class="card" aria-labelledby="decision">
          <h2 id="decision">Decision</h2>
          {a.outcome ? (
            <Facts
              rows={[
                ['Outcome', a.outcome],
                ['Decided by', a.decidedBy],
                ['Decided', when(a.decidedAt)],
                ['Notes', a.notes],
              ]}
            />
          ) : (
            <form method="post" action={`/console/appeals/${encodeURIComponent(a.appealId)}/decision`} class="stack">
              <CsrfField officer={p.officer} />
              {a.escalated && !senior ? (
                <p class="message error">
                  This appeal is escalated: your key lacks the senior scope, so it will be refused.
                </p>
              ) : null}
              <fieldset>
                <legend>Outcome</legend>
                {OUTCOMES.map(([value, label], i) => (
                  <label>
                    <input type="radio" name="outcome" value={value} required checked={i === 0} /> {label}
                  </label>
                ))}
              </fieldset>
              <label>
                Notes (required)
                <textarea name="notes" required maxlength={2000} rows={3} />
              </label>
              <button type="submit">Decide the appeal</button>
            </form>
          )}
        </section>
      </div>
      <section aria-labelledby="reverify">
        <h2 id="reverify">Re-verification</h2>
        {p.reverification ? (
          <Facts
            rows={[
              ['Verification', p.reverification.verificationId],
              ['Provider', p.reverification.provider],
              ['Status', p.reverification.status],
            ]}
          />
        ) : (
          <p>No re-verification was started for this appeal.</p>
        )}
      </section>
    </Layout>
  );
};

export function appealPages(app: Hono<ConsoleEnv>, deps: AppDeps, appeals: AppealsService) {
  app.get('/appeals', async (c) => {
    const status = c.req.query('status');
    const known = (APPEAL_STATUSES as readonly string[]).includes(status ?? '')
      ? (status as (typeof APPEAL_STATUSES)[number])
      : undefined;
    const cursor = c.req.query('cursor');
    const page = await appeals.list({ limit: 50, ...(known ? { status: known } : {}), ...(cursor ? { cursor } : {}) });
    return render(
      c,
      <AppealList officer={c.get('officer')} appeals={page.appeals} status={known} next={page.next} flash={flash(c)} />,
    );
  });

  app.get('/appeals/:id', async (c) => {
    const officer = c.get('officer');
    let appeal: Detail;
    try {
      appeal = await appeals.get(c.req.param('id'), kycActor(officer));
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      return render(
        c,
        <Layout title="Appeal" officer={officer} nav="appeals">
          <Message text={err.message} error />
        </Layout>,
        404,
      );
    }
    const reverification = appeal.reverificationId
      ? await deps.kyc.view(appeal.reverificationId, { actor: kycActor(officer), personalData: false })
      : null;
    return render(
      c,
      <AppealPage
        officer={officer}
        appeal={appeal}
        reverification={
          reverification && {
            verificationId: reverification.verificationId,
            status: reverification.status,
            provider: reverification.provider,
          }
        }
        flash={flash(c)}
      />,
    );
  });

  app.post('/appeals/:id/decision', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const outcome = field(form, 'outcome');
    const notes = field(form, 'notes');
    const back = `/console/appeals/${encodeURIComponent(id)}`;
    return formAction(c, back, async () => {
      if (outcome !== 'overturn' && outcome !== 'uphold' && outcome !== 'reverify')
        throw new InvalidInputError('Choose an outcome.');
      if (notes === '') throw new InvalidInputError('Notes are required: say why.');
      const r = await appeals.decide(id, { outcome, notes }, caseActor(c.get('officer')));
      if (r.caseStatus === 'awaiting_confirmation') return 'Overturn proposed: a second officer must confirm it.';
      return `Appeal decided: ${r.status.replace(/_/g, ' ')}.`;
    });
  });
}
