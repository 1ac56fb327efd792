/**
 * A name match as an officer reads it: the two names aligned token by token (the matcher's own explanation),
 * the list entry's facts against the customer's, and where to check the official entry.
 */
import type { FC } from 'hono/jsx';
import type { Entity, PartialDate, SourceId } from '../../sanctions/entity.ts';
import { alignTokens, type MatchExplanation } from '../../sanctions/explain.ts';

/** Only OFAC publishes a stable page per entry; the UN, EU and UK search pages have no per-id address. */
export function officialEntryUrl(source: SourceId | string, sourceId: string): string | undefined {
  if (source === 'ofac-sdn' || source === 'ofac-cons')
    return `https://sanctionssearch.ofac.treas.gov/Details.aspx?id=${encodeURIComponent(sourceId)}`;
  return undefined;
}

const KIND_TEXT: Record<string, string> = {
  exact: 'same',
  unmatched: 'no counterpart',
};

export const Alignment: FC<{ explanation: MatchExplanation; queryLabel: string; caption?: string }> = ({
  explanation,
  queryLabel,
  caption,
}) => (
  <table class="align">
    <caption class="muted">{caption ?? explanation.summary}</caption>
    <thead>
      <tr>
        <th scope="col">{queryLabel}</th>
        <th scope="col">List entry</th>
        <th scope="col">How they pair</th>
        <th scope="col">Similarity</th>
      </tr>
    </thead>
    <tbody>
      {alignTokens(explanation).map((r) => (
        <tr>
          <td class={`kind-${r.kind}`}>{r.query ?? '—'}</td>
          <td class={`kind-${r.kind}`}>{r.candidate ?? '—'}</td>
          <td>{KIND_TEXT[r.kind] ?? r.kind}</td>
          <td>{r.kind === 'unmatched' ? '' : r.similarity.toFixed(3)}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

const dateText = (d: PartialDate) =>
  d.date ? `${d.circa ? 'circa ' : ''}${d.date}` : `${d.from ?? '?'} to ${d.to ?? '?'}${d.circa ? ' (circa)' : ''}`;

export interface CustomerFacts {
  name?: string;
  dateOfBirth?: string;
  nationality?: string;
  identifiers?: string[];
}

/** The entity's birth dates, nationalities and identifiers beside what the customer's record says. */
export const FactsAgainst: FC<{ entity?: Entity; customer?: CustomerFacts }> = ({ entity, customer }) => (
  <table>
    <caption class="muted">The list entry's facts against the customer's</caption>
    <thead>
      <tr>
        <th scope="col">Fact</th>
        <th scope="col">Customer</th>
        <th scope="col">List entry</th>
      </tr>
    </thead>
    <tbody>
      <tr>
        <th scope="row">Birth date</th>
        <td>{customer?.dateOfBirth ?? 'not on file'}</td>
        <td>
          {entity ? entity.birthDates.map(dateText).join('; ') || 'none listed' : 'entry not in the loaded lists'}
        </td>
      </tr>
      <tr>
        <th scope="row">Nationality</th>
        <td>{customer?.nationality ?? 'not on file'}</td>
        <td>{entity ? entity.nationalities.join(', ') || 'none listed' : '—'}</td>
      </tr>
      <tr>
        <th scope="row">Identifiers</th>
        <td>{customer?.identifiers?.join('; ') || 'none on file'}</td>
        <td>
          {entity
            ? entity.documents.map((d) => `${d.type} ${d.number}${d.country ? ` (${d.country})` : ''}`).join('; ') ||
              'none listed'
            : '—'}
        </td>
      </tr>
    </tbody>
  </table>
);

export const EntityHeader: FC<{
  source: string;
  sourceId: string;
  name: string;
  programs: string[];
  listVersion?: string | undefined;
  score?: number;
}> = (p) => {
  const url = officialEntryUrl(p.source, p.sourceId);
  return (
    <dl class="facts">
      <dt>List entry</dt>
      <dd>{p.name}</dd>
      <dt>Source</dt>
      <dd>{p.source}</dd>
      <dt>Entity id</dt>
      <dd>
        {p.sourceId}
        {url ? (
          <>
            {' — '}
            <a href={url} rel="noreferrer noopener" target="_blank">
              official entry (opens a new tab)
            </a>
          </>
        ) : null}
      </dd>
      <dt>Programmes</dt>
      <dd>{p.programs.join(', ') || 'none listed'}</dd>
      {p.listVersion ? (
        <>
          <dt>List version</dt>
          <dd>{p.listVersion}</dd>
        </>
      ) : null}
      {p.score !== undefined ? (
        <>
          <dt>Score</dt>
          <dd>{p.score.toFixed(3)}</dd>
        </>
      ) : null}
    </dl>
  );
};
