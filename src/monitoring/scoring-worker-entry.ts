/**
 * The scoring worker's thread: the SanctionsIndex of the snapshot the run screens against, opened from its shared
 * image and entity chunks (or, for an index without a shared form, built from its entities sent in slices), then
 * scoring batches of identities with the regular scorer. Matches go back with
 * the entity's identifying-content hash instead of the entity.
 */
import { parentPort } from 'node:worker_threads';
import type { Entity } from '../sanctions/entity.ts';
import { deserializeEntities } from '../sanctions/entity-transfer.ts';
import { SanctionsIndex } from '../sanctions/index.ts';
import type { IndexImage } from '../sanctions/index-image.ts';
import type { Identity } from './identity.ts';
import { scored, screenWith } from './matching.ts';

type Message =
  | { kind: 'entities'; entities: Entity[] }
  | { kind: 'build' }
  | { kind: 'shared'; image: IndexImage; chunks: SharedArrayBuffer[] }
  | { kind: 'score'; id: number; threshold: number; identities: (Identity | null)[] };

const port = parentPort!;
const entities: Entity[] = [];
let index: SanctionsIndex | undefined;

port.on('message', (m: Message) => {
  if (m.kind === 'entities') {
    for (const e of m.entities) entities.push(e);
    return;
  }
  if (m.kind === 'shared') {
    index = SanctionsIndex.fromImage(m.image, deserializeEntities(m.chunks));
    port.postMessage({ kind: 'ready' });
    return;
  }
  if (m.kind === 'build') {
    index = SanctionsIndex.build(entities);
    port.postMessage({ kind: 'ready' });
    return;
  }
  try {
    const out = m.identities.map((i) => (i && index ? screenWith(index, i, m.threshold).map(scored) : []));
    port.postMessage({ kind: 'scored', id: m.id, ok: true, out });
  } catch (err) {
    port.postMessage({ kind: 'scored', id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
