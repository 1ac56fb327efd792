/**
 * Thrown when a source's files are missing or are not the expected format (an HTML error page, a
 * truncated download, an empty file). The whole source fails: a half-read list must never replace
 * a complete one.
 */
export class SourceParseError extends Error {
  constructor(
    readonly source: string,
    readonly file: string | undefined,
    message: string,
  ) {
    super(`${source}${file === undefined ? '' : ` (${file})`}: ${message}`);
    this.name = 'SourceParseError';
  }
}

/** A short printable excerpt of the start of a file, for error messages. */
export function head(text: string, length = 60): string {
  return JSON.stringify(text.slice(0, length).replace(/\s+/g, ' ').trim());
}
