/**
 * JSON text of a large array (each item through `view`), shaped and stringified in slices that give the
 * event loop back between them: the
 * answer of a 1,000-name batch (~3 MB) takes ~80 ms to stringify in one go, long enough to stall /livez.
 */
const SLICE_MS = 2;

export async function jsonArrayInSlices<T>(
  items: readonly T[],
  view: (item: T) => unknown = (item) => item,
  sliceMs = SLICE_MS,
): Promise<string> {
  const parts: string[] = [];
  let sliceStart = performance.now();
  for (const item of items) {
    parts.push(JSON.stringify(view(item)));
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  return `[${parts.join(',')}]`;
}

/** `{ [key]: <json>, ...rest }` as JSON text, for a member already serialised (e.g. by jsonArrayInSlices). */
export function jsonWithMember(key: string, json: string, rest: Record<string, unknown>): string {
  const tail = JSON.stringify(rest).slice(1); // '"a":1,...}' or '}'
  return `{${JSON.stringify(key)}:${json}${tail === '}' ? '' : ','}${tail}`;
}
