/**
 * The reports verbs the routes call: the KYC audit report as a stream of text chunks (JSON or CSV, produced page
 * by page, so the response starts at once and memory stays flat whatever the range) and the KYC analytics.
 */
import type { Db } from '../db/client.ts';
import { csvLine } from './csv.ts';
import { AuditSummary, auditRows, CSV_HEADER, csvRecord } from './kyc-audit.ts';
import { kycAnalytics } from './kyc-analytics.ts';
import type { GroupBy } from './period.ts';
import { reportRange } from './range.ts';

export interface ReportsDeps {
  db: Db;
  clock: () => Date;
  /** Price per verification per provider, in USD cents (KYC_PROVIDER_COSTS). */
  priceCents: Readonly<Record<string, number>>;
}

export type AuditFormat = 'json' | 'csv';

export class ReportsService {
  constructor(private readonly deps: ReportsDeps) {}

  /**
   * Validates the range first (throws before any byte is sent), then returns the chunks. JSON:
   * `{ from, to, generatedAt, verifications: [...], summary }` — the summary comes last because it is folded from
   * the rows as they stream.
   */
  kycAudit(from: string, to: string, format: AuditFormat): AsyncGenerator<string> {
    const range = reportRange(from, to);
    const { db, clock } = this.deps;
    const generatedAt = clock().toISOString();
    return (async function* () {
      if (format === 'csv') {
        yield csvLine(CSV_HEADER);
        let lines = '';
        let n = 0;
        for await (const row of auditRows(db, range)) {
          lines += csvLine(csvRecord(row));
          // Chunks of ~100 rows: fewer, larger writes without holding more than a page.
          if (++n % 100 === 0) {
            yield lines;
            lines = '';
          }
        }
        if (lines) yield lines;
        return;
      }
      const summary = new AuditSummary();
      const head = { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString(), generatedAt };
      yield `${JSON.stringify(head).slice(0, -1)},"verifications":[`;
      for await (const row of auditRows(db, range)) {
        yield (summary.total === 0 ? '' : ',') + JSON.stringify(row);
        summary.add(row);
      }
      yield `],"summary":${JSON.stringify(summary)}}`;
    })();
  }

  kycAnalytics(from: string, to: string, groupBy: GroupBy) {
    return kycAnalytics(this.deps.db, reportRange(from, to), groupBy, this.deps.priceCents);
  }
}
