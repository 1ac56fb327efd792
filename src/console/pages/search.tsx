/** Ad hoc screening of any name: the API's screenName over the live snapshot, with each match explained. */
import type { Hono } from 'hono';
import type { AppDeps } from '../../deps.ts';
import { DEFAULT_LIMIT } from '../../http/routes/screen.ts';
import type { ScreenMatch } from '../../sanctions/index.ts';
import { listsProvenance } from '../../sanctions/provenance.ts';
import { requireSnapshot, screenName } from '../../sanctions/screening.ts';
import { Alignment, EntityHeader, FactsAgainst } from '../components/match.tsx';
import type { ConsoleEnv, Officer } from '../env.ts';
import { CsrfField, Layout, Message } from '../layout.tsx';
import { field, render } from '../render.tsx';

const SearchPage = (p: {
  officer: Officer;
  name?: string;
  birthDate?: string;
  result?: { matches: ScreenMatch[]; threshold: number; versions: Record<string, string> };
  error?: string;
}) => (
  <Layout title="Search the lists" officer={p.officer} nav="search">
    <Message text={p.error} error />
    <form method="post" action="/console/search" class="filters">
      <CsrfField officer={p.officer} />
      <label>
        Name
        <input type="search" name="name" required maxlength={300} value={p.name ?? ''} />
      </label>
      <label>
        Birth date (optional, YYYY[-MM[-DD]])
        <input type="text" name="birthDate" pattern="\d{4}(-\d{2}(-\d{2})?)?" value={p.birthDate ?? ''} />
      </label>
      <button type="submit">Screen</button>
    </form>
    {p.result ? (
      <section aria-labelledby="results">
        <h2 id="results">
          {p.result.matches.length} match{p.result.matches.length === 1 ? '' : 'es'} at or above {p.result.threshold}
        </h2>
        {p.result.matches.map((m, i) => (
          <article class="card" aria-labelledby={`m${i}`}>
            <h3 id={`m${i}`}>
              {m.name}{' '}
              <span class="muted">
                ({m.matchedName !== m.name ? `as “${m.matchedName}”, ` : ''}score
                {` ${m.score.toFixed(3)}`})
              </span>
            </h3>
            <div class="grid2">
              <EntityHeader
                source={m.source}
                sourceId={m.sourceId}
                name={m.name}
                programs={m.programs}
                listVersion={p.result?.versions[m.source]}
              />
              <Alignment explanation={m.explanation} queryLabel="Searched name" />
            </div>
            <FactsAgainst entity={m.entity} customer={p.birthDate ? { dateOfBirth: p.birthDate } : undefined} />
          </article>
        ))}
      </section>
    ) : null}
  </Layout>
);

export function searchPages(app: Hono<ConsoleEnv>, deps: AppDeps) {
  app.get('/search', (c) => render(c, <SearchPage officer={c.get('officer')} />));
  // POST: the searched name is personal data and stays out of URLs (and so out of logs and history).
  app.post('/search', async (c) => {
    const form = await c.req.parseBody();
    const name = field(form, 'name').slice(0, 300);
    const birthDate = field(form, 'birthDate');
    const officer = c.get('officer');
    if (name === '') return render(c, <SearchPage officer={officer} error="Enter a name to screen." />, 400);
    if (birthDate && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(birthDate))
      return render(
        c,
        <SearchPage officer={officer} name={name} error="Birth date: YYYY, YYYY-MM or YYYY-MM-DD." />,
        400,
      );
    const snapshot = requireSnapshot(deps.lists);
    const result = screenName(
      snapshot,
      { name, ...(birthDate ? { birthDate } : {}) },
      { threshold: deps.config.matchThreshold, limit: DEFAULT_LIMIT },
    );
    deps.metrics.screenings.inc({ kind: 'name' });
    const versions = listsProvenance(snapshot).versions as Record<string, string>;
    return render(
      c,
      <SearchPage officer={officer} name={name} birthDate={birthDate} result={{ ...result, versions }} />,
    );
  });
}
