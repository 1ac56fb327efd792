/**
 * multipart/form-data built by hand (RFC 7578) rather than with FormData: Sumsub signs the exact body
 * bytes (ts + method + path + body), so the bytes must be known before the request is sent, and every
 * adapter then sends exactly what it built.
 */
import { randomBytes } from 'node:crypto';

export type Part =
  | { name: string; value: string; contentType?: string }
  | { name: string; filename: string; contentType: string; data: Uint8Array };

export function multipartBody(parts: Part[]): { body: Uint8Array; contentType: string } {
  const boundary = `----screening-sidecar-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition =
      'filename' in p ? `form-data; name="${p.name}"; filename="${p.filename}"` : `form-data; name="${p.name}"`;
    const type = p.contentType ? `\r\nContent-Type: ${p.contentType}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`));
    chunks.push('data' in p ? Buffer.from(p.data) : Buffer.from(p.value, 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(chunks)), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The file name a provider sees: no user input in it. */
export const documentFileName = (contentType: string) =>
  `document.${contentType === 'image/png' ? 'png' : contentType === 'image/webp' ? 'webp' : 'jpg'}`;
