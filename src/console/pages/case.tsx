/**
 * One case: what happened, the name match explained, the timeline with comments, assignment, the decision with
 * a required reason (the outcomes of the case's kind), and a SAR draft. Opening it is audited by the cases
 * service, as GET /v1/cases/:id is.
 */
import type { Hono } from 'hono';
import type { CaseDetail, CasesService } from '../../cases/service.ts';
import { CASE_OUTCOMES, type CaseOutcome } from '../../cases/types.ts';
import type { AppDeps } from '../../deps.ts';
import { InvalidInputError, NotFoundError } from '../../errors.ts';
import { listsProvenance } from '../../sanctions/provenance.ts';
import { sarPdf } from '../../sar/pdf.ts';
import { Facts, when } from '../components/facts.tsx';
import { Sla } from '../components/sla.tsx';
import { SubjectView } from '../components/subject.tsx';
import { type ConsoleEnv, caseActor, type Officer } from '../env.ts';
import { CsrfField, Layout, Message } from '../layout.tsx';
import { field, flash, formAction, render } from '../render.tsx';

const OUTCOME_TEXT: Record<string, string> = {
  approve: 'Approve',
  reject: 'Reject',
  request_resubmission: 'Request resubmission',
  release: 'Release the transaction',
  clear: 'Clear',
  escalate: 'Escalate to senior compliance',
  clear_false_positive: 'Clear as false positive (sticky)',
  confirm_match: 'Confirm true match (blocks the customer)',
  overturn: 'Overturn',
  uphold: 'Uphold',
  reverify: 'Re-verify',
};

const actorText = (a: CaseDetail['timeline'][number]['actor']) =>
  'system' in a ? `system (${a.system})` : `${a.officer ?? 'unnamed officer'} (key ${a.keyId})`;

const eventText = (e: CaseDetail['timeline'][number]) => {
  const d = e.data;
  switch (e.type) {
    case 'assigned':
      return `assigned to ${String(d.assignee)}`;
    case 'decided':
      return `decided: ${String(d.outcome)} — ${String(d.reason ?? '')}`;
    case 'escalated':
      return `escalated: ${String(d.reason ?? '')}`;
    case 'decision_proposed':
      return `proposed ${String(d.outcome)} (four eyes: awaiting a second officer)`;
    case 'personal_data_viewed':
      return 'viewed the case (personal data)';
    default:
      return e.type;
  }
};

const CasePage = (p: {
  officer: Officer;
  c: CaseDetail;
  deps: AppDeps;
  sarId?: string;
  flash: ReturnType<typeof flash>;
}) => {
  const c = p.c;
  const now = p.deps.clock();
  const snapshot = p.deps.lists.snapshot;
  const versions = snapshot ? (listsProvenance(snapshot).versions as Record<string, string>) : {};
  const base = `/console/cases/${encodeURIComponent(c.id)}`;
  const outcomes = CASE_OUTCOMES[c.kind] as readonly CaseOutcome[];
  const needsSenior = (c.escalated || c.status === 'escalated') && !p.officer.scopes.has('senior');
  return (
    <Layout title={`Case: ${c.summary}`} officer={p.officer} nav="queue">
      <Message text={p.flash.text} error={p.flash.error} />
      <section aria-labelledby="what">
        <h2 id="what">What happened</h2>
        <SubjectView subject={c.subject} lists={p.deps.lists} versions={versions} />
      </section>
      <div class="grid2">
        <section class="card" aria-labelledby="case">
          <h2 id="case">The case</h2>
          <Facts
            rows={[
              ['Kind', c.kind.replace(/_/g, ' ')],
              ['Status', `${c.status.replace(/_/g, ' ')}${c.escalated ? ' (escalated: senior only)' : ''}`],
              ['Priority', c.priority],
              ['Customer', <a href={`/console/customers/${encodeURIComponent(c.userId)}`}>{c.userId}</a>],
              ['Subject', c.subjectId],
              ['Assignee', c.assignee ?? 'nobody'],
              ['Opened', when(c.createdAt)],
              [
                'Due',
                <>
                  {when(c.dueAt)} — <Sla c={c} now={now} />
                </>,
              ],
              [
                'Decision',
                c.decision
                  ? `${c.decision.outcome}: ${c.decision.reason} (${c.decision.decidedBy}, ${when(c.decision.decidedAt)})`
                  : 'not decided',
              ],
            ]}
          />
          {c.status !== 'decided' ? (
            <form method="post" action={`${base}/assign`} class="inline">
              <CsrfField officer={p.officer} />
              <label>
                Assign to
                <input
                  type="text"
                  name="assignee"
                  required
                  maxlength={100}
                  value={c.assignee ?? p.officer.session.officer}
                />
              </label>
              <button type="submit" class="secondary">
                Assign
              </button>
            </form>
          ) : null}
        </section>
        <section class="card" aria-labelledby="decide">
          <h2 id="decide">Decision</h2>
          {c.status === 'decided' ? (
            <p>Decided: {c.decision?.outcome}.</p>
          ) : (
            <form method="post" action={`${base}/decision`} class="stack">
              <CsrfField officer={p.officer} />
              {needsSenior ? (
                <p class="message error">
                  This case is escalated: your key lacks the senior scope, so a decision will be refused.
                </p>
              ) : null}
              <label>
                Reason (required)
                <input type="text" name="reason" required maxlength={200} />
              </label>
              <label>
                Notes
                <textarea name="notes" maxlength={2000} rows={2} />
              </label>
              <fieldset>
                <legend>Decide with one outcome</legend>
                {outcomes.map((o) => (
                  <button
                    type="submit"
                    name="outcome"
                    value={o}
                    class={o === 'confirm_match' || o === 'reject' ? 'danger' : undefined}
                  >
                    {OUTCOME_TEXT[o] ?? o}
                  </button>
                ))}
              </fieldset>
            </form>
          )}
          {c.kind === 'transaction' ? (
            <>
              <h3>Suspicious Activity Report</h3>
              {p.sarId ? (
                <p>
                  <a href={`/console/sars/${encodeURIComponent(p.sarId)}/pdf`}>Open the SAR draft (PDF)</a>
                </p>
              ) : null}
              <form method="post" action={`${base}/sar`} class="inline">
                <CsrfField officer={p.officer} />
                <button type="submit" class="secondary">
                  Draft a SAR
                </button>
              </form>
            </>
          ) : null}
        </section>
      </div>
      <section aria-labelledby="timeline">
        <h2 id="timeline">Timeline</h2>
        <ol class="timeline">
          {c.timeline.map((e) => (
            <li>
              <strong>{when(e.at)}</strong> — {actorText(e.actor)}: {eventText(e)}
              {e.text ? <blockquote>{e.text}</blockquote> : null}
            </li>
          ))}
        </ol>
        <form method="post" action={`${base}/comments`} class="stack">
          <CsrfField officer={p.officer} />
          <label>
            Comment
            <textarea name="text" required maxlength={4000} rows={2} />
          </label>
          <button type="submit" class="secondary">
            Add comment
          </button>
        </form>
      </section>
    </Layout>
  );
};

export function casePages(app: Hono<ConsoleEnv>, deps: AppDeps, cases: CasesService) {
  const back = (id: string) => `/console/cases/${encodeURIComponent(id)}`;

  app.get('/cases/:id', async (c) => {
    const officer = c.get('officer');
    let detail: CaseDetail;
    try {
      detail = await cases.get(c.req.param('id'), caseActor(officer));
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      return render(
        c,
        <Layout title="Case" officer={officer} nav="queue">
          <Message text={err.message} error />
        </Layout>,
        404,
      );
    }
    const sar = c.req.query('sar');
    return render(
      c,
      <CasePage officer={officer} c={detail} deps={deps} flash={flash(c)} {...(sar ? { sarId: sar } : {})} />,
    );
  });

  app.post('/cases/:id/take', async (c) => {
    const id = c.req.param('id');
    const officer = c.get('officer');
    const form = await c.req.parseBody();
    const to = field(form, 'back');
    // Back to the queue page the officer was on, never to another site.
    const target = to.startsWith('/console/') ? to : back(id);
    return formAction(c, target, async () => {
      await cases.assign(id, officer.session.officer, caseActor(officer));
      return `Case assigned to you (${officer.session.officer}).`;
    });
  });

  app.post('/cases/:id/assign', async (c) => {
    const id = c.req.param('id');
    const assignee = field(await c.req.parseBody(), 'assignee').slice(0, 100);
    return formAction(c, back(id), async () => {
      if (!assignee) throw new InvalidInputError('Name the assignee.');
      await cases.assign(id, assignee, caseActor(c.get('officer')));
      return `Case assigned to ${assignee}.`;
    });
  });

  app.post('/cases/:id/comments', async (c) => {
    const id = c.req.param('id');
    const text = field(await c.req.parseBody(), 'text').slice(0, 4000);
    return formAction(c, back(id), async () => {
      if (!text) throw new InvalidInputError('Write the comment first.');
      await cases.comment(id, text, caseActor(c.get('officer')));
      return 'Comment added.';
    });
  });

  app.post('/cases/:id/decision', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const outcome = field(form, 'outcome') as CaseOutcome;
    const reason = field(form, 'reason').slice(0, 200);
    const notes = field(form, 'notes').slice(0, 2000);
    return formAction(c, back(id), async () => {
      if (!reason) throw new InvalidInputError('A reason is required for every decision.');
      const r = await cases.decide(id, { outcome, reason, ...(notes ? { notes } : {}) }, caseActor(c.get('officer')));
      return r.status === 'decided'
        ? `Decided: ${outcome}.`
        : `Recorded: the case is now ${r.status.replace(/_/g, ' ')}.`;
    });
  });

  app.post('/cases/:id/sar', async (c) => {
    const id = c.req.param('id');
    const o = c.get('officer');
    return formAction(c, back(id), async () => {
      const sar = await deps.sars.draft(id, { keyId: o.session.keyId, officer: o.session.officer });
      return { text: `SAR draft version ${sar.version} saved.`, params: { sar: sar.sarId } };
    });
  });

  app.get('/sars/:id/pdf', async (c) => {
    const o = c.get('officer');
    const sar = await deps.sars.get(c.req.param('id'), { keyId: o.session.keyId, officer: o.session.officer });
    const pdf = await sarPdf(sar);
    return c.body(new Uint8Array(pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${sar.sarId}-v${sar.version}.pdf"`,
    });
  });
}
