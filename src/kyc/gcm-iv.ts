/**
 * 96-bit AES-GCM IVs by the deterministic construction of NIST SP 800-38D, section 8.2.1: a 32-bit fixed
 * field naming the encrypting context, then a 64-bit invocation field that is a counter. Within this
 * process the counter never repeats (2^64 encryptions would be needed), so no IV is used twice under one
 * key. It replaces randomBytes(12) per value (section 8.2.2), which cost ~3 % of the event loop's time
 * per screened transaction: a syscall-backed RNG read where an increment does.
 *
 * The fixed field should name the "device" uniquely (8.2.1); the sidecar has no registry of its
 * processes, so each process draws it at random and also starts its counter at a random point of the
 * 2^64 space. Two processes sharing one key repeat an IV only if they draw the same fixed field
 * (2^-32 per pair) and their counter ranges then overlap (each process uses far fewer than 2^40 values:
 * under 2^-23 even then), so repetition is as unlikely as with random IVs, and the module state is per
 * process and per worker thread (each imports its own copy and draws its own field).
 *
 * The IV is stored in each value, so the decrypting side needs nothing from here: values sealed with
 * random IVs and with these open the same way.
 */
import { randomBytes } from 'node:crypto';

export const IV_BYTES = 12;

const seed = randomBytes(IV_BYTES);
const fixedField = seed.readUInt32BE(0);
let counterHigh = seed.readUInt32BE(4);
let counterLow = seed.readUInt32BE(8);

/** Writes the next IV into `out` at `offset` (12 bytes). */
export function nextIv(out: Buffer, offset = 0): void {
  counterLow = (counterLow + 1) >>> 0;
  if (counterLow === 0) counterHigh = (counterHigh + 1) >>> 0;
  out.writeUInt32BE(fixedField, offset);
  out.writeUInt32BE(counterHigh, offset + 4);
  out.writeUInt32BE(counterLow, offset + 8);
}
