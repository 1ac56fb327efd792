/** Cases as rows: kind, summary, priority, status, assignee, age, due date with its SLA state in words. */
import type { CaseView } from '../../cases/types.ts';
import type { Officer } from '../env.ts';
import { CsrfField } from '../layout.tsx';
import { when } from './facts.tsx';
import { Sla } from './sla.tsx';

export function age(seconds: number): string {
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

export const CaseTable = (p: { cases: CaseView[]; now: Date; officer?: Officer; back?: string }) =>
  p.cases.length === 0 ? (
    <p>No cases.</p>
  ) : (
    <table>
      <thead>
        <tr>
          <th scope="col">Case</th>
          <th scope="col">Kind</th>
          <th scope="col">Summary</th>
          <th scope="col">Priority</th>
          <th scope="col">Status</th>
          <th scope="col">Assignee</th>
          <th scope="col">Age</th>
          <th scope="col">Due</th>
          {p.officer ? <th scope="col">Actions</th> : null}
        </tr>
      </thead>
      <tbody>
        {p.cases.map((c) => (
          <tr>
            <td>
              <a href={`/console/cases/${encodeURIComponent(c.id)}`} aria-label={`Open case ${c.summary}`}>
                Open
              </a>
            </td>
            <td>{c.kind.replace(/_/g, ' ')}</td>
            <td>{c.summary}</td>
            <td>{c.priority}</td>
            <td>
              {c.status.replace(/_/g, ' ')}
              {c.escalated ? ' (escalated: senior)' : ''}
            </td>
            <td>{c.assignee ?? '—'}</td>
            <td>{age(c.ageSeconds)}</td>
            <td>
              {when(c.dueAt)} — <Sla c={c} now={p.now} />
            </td>
            {p.officer ? (
              <td>
                {c.status !== 'decided' && c.assignee !== p.officer.session.officer ? (
                  <form method="post" action={`/console/cases/${encodeURIComponent(c.id)}/take`} class="inline">
                    <CsrfField officer={p.officer} />
                    <input type="hidden" name="back" value={p.back ?? '/console/queue'} />
                    <button type="submit" class="secondary" aria-label={`Take case ${c.summary}`}>
                      Take
                    </button>
                  </form>
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
