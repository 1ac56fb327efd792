/**
 * One pass over rows stored before transaction personal data was sealed (they hold the request JSON
 * and wallet/name counterparty keys in clear, and a plain SHA-256 body fingerprint): each is rewritten
 * with the sealed request, the keyed counterparty key and the keyed fingerprint, so the history of
 * every customer stays comparable with new rows. Runs at start-up before screening; with
 * `secure_delete` on, the freed pages are zeroed, and the WAL is truncated at the end.
 */
import type { Client } from '@libsql/client';
import type { Logger } from '../logger.ts';
import { canonicalJson } from './body-hash.ts';
import { rekeyLegacyCounterparty } from './facts.ts';
import type { TransactionPii } from './pii.ts';
import type { TransactionStore } from './store.ts';

const BATCH = 200;

export async function sealLegacyRows(d: {
  store: TransactionStore;
  client: Client;
  pii: TransactionPii;
  logger: Logger;
}): Promise<number> {
  let sealed = 0;
  let after = 0;
  let secureDelete = false;
  try {
    for (;;) {
      const rows = await d.store.legacyRows(after, BATCH);
      if (rows.length === 0) break;
      if (!secureDelete) {
        // Best effort: an embedded file zeroes what it frees; a libSQL server manages its own pages.
        await d.client.execute('PRAGMA secure_delete = ON').catch(() => undefined);
        secureDelete = true;
      }
      await d.store.sealRows(
        rows.map((r) => {
          const request = JSON.parse(r.request) as unknown;
          return {
            transactionId: r.transactionId,
            request: d.pii.sealRequest(r.transactionId, request),
            counterpartyKey:
              r.counterpartyKey === null
                ? null
                : rekeyLegacyCounterparty(r.counterpartyKey, (domain, value) => d.pii.keyedHash(domain, value)),
            // The request is the body as validated, so its canonical form is the one the old fingerprint covered.
            bodyHash: d.pii.bodyHash(canonicalJson(request)),
          };
        }),
      );
      sealed += rows.length;
      after = rows[rows.length - 1]!.rowid;
      if (rows.length < BATCH) break;
    }
  } finally {
    if (secureDelete) await d.client.execute('PRAGMA secure_delete = OFF').catch(() => undefined);
  }
  if (sealed > 0) {
    // The clear pages also sit in the WAL until a checkpoint: move them into the (zeroed) file and empty it.
    await d.client.execute('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
    d.logger.warn(
      { rows: sealed },
      'sealed screened transactions stored in clear by an earlier version (request encrypted, keys hashed)',
    );
  }
  return sealed;
}
