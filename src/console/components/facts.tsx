/** Small presentational pieces: a definition list of facts, a date, an empty state. */
import type { Child, FC } from 'hono/jsx';

export const Facts: FC<{ rows: [string, Child][] }> = ({ rows }) => (
  <dl class="facts">
    {rows.map(([k, v]) => (
      <>
        <dt>{k}</dt>
        <dd>{v === null || v === undefined || v === '' ? '—' : v}</dd>
      </>
    ))}
  </dl>
);

/** ISO time as "2026-12-02 18:40 UTC": officers compare times across cases, so one zone, no locale guessing. */
export const when = (iso: string | Date | null | undefined): string => {
  if (!iso) return '—';
  const s = typeof iso === 'string' ? iso : iso.toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)} UTC`;
};
