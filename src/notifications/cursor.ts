/** Opaque page cursor for newest-first lists ordered by (time, id): where the last row of a page sits. */
import { InvalidInputError } from '../errors.ts';

export interface Position {
  at: number;
  id: string;
}

export function encodeCursor(p: Position): string {
  return Buffer.from(`${p.at}:${p.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  const m = /^(\d{1,15}):([\w.-]{1,100})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m)
    throw new InvalidInputError('The cursor is not valid.', [
      { path: 'cursor', message: 'pass the `next` value of the previous page' },
    ]);
  return { at: Number(m[1]), id: m[2]! };
}
