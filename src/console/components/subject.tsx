/**
 * What a case is about, from the subject facts the cases service returns (the transaction alert with its rule
 * hits, the verification with its provider result, the re-screen hit, the appeal). Every name match inside is
 * shown with its aligned explanation and the list entry's facts beside the customer's.
 */
import type { FC } from 'hono/jsx';
import type { Entity, SourceId } from '../../sanctions/entity.ts';
import type { MatchExplanation } from '../../sanctions/explain.ts';
import type { ListsSource } from '../../sanctions/screening.ts';
import { Facts } from './facts.tsx';
import { Alignment, type CustomerFacts, EntityHeader, FactsAgainst } from './match.tsx';

type Json = Record<string, unknown>;

export interface FoundMatch {
  explanation: MatchExplanation;
  source: string;
  sourceId: string;
  name: string;
  programs: string[];
  score?: number;
  listVersion?: string;
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const isExplanation = (e: unknown): e is MatchExplanation =>
  isObject(e) && Array.isArray(e.pairs) && isObject(e.query) && Array.isArray((e.query as Json).tokens);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/** Every explained name match in the subject, with the entity reference found beside it. */
export function findMatches(subject: unknown, versions: Record<string, string> = {}): FoundMatch[] {
  const out: FoundMatch[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 6) return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    if (!isObject(v)) return;
    if (isExplanation(v.explanation)) {
      const entity = isObject(v.entity) ? v.entity : v;
      const source = str(entity.source) ?? str(v.source) ?? '';
      const listVersion = str(v.listVersion) ?? versions[source];
      out.push({
        explanation: v.explanation,
        source,
        sourceId: str(entity.sourceId) ?? str(v.sourceId) ?? '',
        name: str(entity.name) ?? str(v.name) ?? str(v.listedName) ?? v.explanation.candidate.name,
        programs: Array.isArray(entity.programs) ? entity.programs.map(String) : [],
        ...(typeof v.score === 'number' ? { score: v.score } : {}),
        ...(listVersion ? { listVersion } : {}),
      });
    }
    for (const [k, x] of Object.entries(v)) if (k !== 'explanation') walk(x, depth + 1);
  };
  walk(subject, 0);
  return out;
}

/** The customer's own identifying facts, where the subject carries them (an applicant, an imported identity). */
export function customerFacts(subject: unknown): CustomerFacts | undefined {
  if (!isObject(subject)) return undefined;
  const person = [subject.applicant, subject.customer, subject.identity].find(isObject);
  if (!person) return undefined;
  const name =
    str(person.name) ??
    ([person.firstName, person.lastName].filter((x) => typeof x === 'string').join(' ') || undefined);
  const ids = Array.isArray(person.identifiers) ? person.identifiers.map(String) : [];
  if (str(person.documentNumber)) ids.push(`${str(person.documentType) ?? 'document'} ${str(person.documentNumber)}`);
  return {
    ...(name ? { name } : {}),
    ...(str(person.dateOfBirth) ? { dateOfBirth: str(person.dateOfBirth) } : {}),
    ...(str(person.nationality) ? { nationality: str(person.nationality) } : {}),
    identifiers: ids,
  };
}

/**
 * The list entry as loaded now, for its birth dates, nationalities and identifiers: found through the matcher
 * (its name, restricted to its source) and picked by id, so no second index of entities is kept.
 */
export function entityOf(lists: ListsSource, source: string, sourceId: string, name: string): Entity | undefined {
  const snapshot = lists.snapshot;
  if (!snapshot || !name) return undefined;
  const hits = snapshot.index.screen({ name, sources: [source as SourceId], threshold: 0.5, limit: 25 });
  return hits.find((h) => h.sourceId === sourceId)?.entity;
}

const RuleHits: FC<{ hits: Json[] }> = ({ hits }) => (
  <table>
    <caption class="muted">Reasons (the rules that fired)</caption>
    <thead>
      <tr>
        <th scope="col">Rule</th>
        <th scope="col">Severity / score</th>
        <th scope="col">Why</th>
      </tr>
    </thead>
    <tbody>
      {hits.map((h) => (
        <tr>
          <td>{str(h.code) ?? '—'}</td>
          <td>{str(h.severity) ?? str(h.score) ?? str(h.weight) ?? '—'}</td>
          <td>{str(h.message) ?? str(h.description) ?? str(h.detail) ?? ''}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The plain facts of the subject and of its direct parts (a transaction alert has `alert` and `transaction`). */
const SCALARS = (s: Json, prefix = ''): [string, string][] =>
  Object.entries(s)
    .flatMap(([k, v]): [string, string][] =>
      scalar(v) ? [[`${prefix}${k}`, String(v)]] : !prefix && isObject(v) ? SCALARS(v, `${k}.`) : [],
    )
    .slice(0, 40);

export const SubjectView: FC<{ subject: Json | null; lists: ListsSource; versions: Record<string, string> }> = ({
  subject,
  lists,
  versions,
}) => {
  if (!subject) return <p>The subject of this case has no facts to show.</p>;
  const parts = [subject, ...Object.values(subject).filter(isObject)];
  const hits = parts.flatMap((x) => (Array.isArray(x.ruleHits) ? x.ruleHits : [])).filter(isObject);
  const matches = findMatches(subject, versions);
  const customer = customerFacts(subject);
  const provider = isObject(subject.providerResult) ? subject.providerResult : undefined;
  return (
    <>
      {matches.map((m, i) => (
        <section class="card" aria-labelledby={`match-${i}`}>
          <h3 id={`match-${i}`}>Name match: {m.name}</h3>
          <div class="grid2">
            <Alignment
              explanation={m.explanation}
              queryLabel={customer?.name ? `Customer (${customer.name})` : 'Customer'}
            />
            <EntityHeader {...m} />
          </div>
          <FactsAgainst
            entity={entityOf(lists, m.source, m.sourceId, m.explanation.candidate.name)}
            customer={customer}
          />
        </section>
      ))}
      {hits.length > 0 ? <RuleHits hits={hits} /> : null}
      {provider ? (
        <>
          <h3>Provider result</h3>
          <Facts rows={SCALARS(provider)} />
        </>
      ) : null}
      <Facts rows={SCALARS(subject)} />
      <details>
        <summary>All recorded facts</summary>
        <pre>{JSON.stringify(subject, null, 2)}</pre>
      </details>
    </>
  );
};
