/** ISO 17442 Legal Entity Identifier: the IVMS101 LEIText format (C11) plus the ISO 7064 MOD 97-10 check digits. */

export const LEI_FORMAT = /^[0-9A-Z]{18}[0-9]{2}$/;

/** Letters become 10..35, the whole 20-character code read as a number must be ≡ 1 (mod 97). */
export function isValidLei(code: string): boolean {
  if (!LEI_FORMAT.test(code)) return false;
  let remainder = 0;
  for (const ch of code) {
    const digits = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}
