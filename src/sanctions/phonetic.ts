/**
 * Phonetic skeleton keys for folded Latin name tokens.
 *
 * Instead of a synonym list (Mohammed, Muhammad, Mohamed, Muhamad…), one key makes the common
 * transliteration variants equal:
 *   - digraphs that spell one sound fold to one symbol: sh/sch/sz → S, ch/tch/tsch → C,
 *     j/dj/dzh/zh (and y before a vowel at the start) → J, kh → h, gh → g, ph → f, th → t, dh → d;
 *   - w → v, z → s, q → k, x → ks, c → k/s by the next letter;
 *   - doubled consonants collapse (Mohammed = Mohamed);
 *   - vowel runs collapse to one marker ('.'): ou/u, ya/ia, -iy/-y/-yi/-ii/-ij endings all meet.
 *     A vowel that starts the token keeps a coarse class (a | e,i,y | o,u) so Omar ≠ Amir while
 *     Omar = Umar and Ibrahim = Ebrahim;
 *   - a final h after a vowel is silent (Abdullah = Abdulla), and a final "-er" after a consonant
 *     is "-r" (Alexander = Aleksandr, Peter = Petr).
 * The consonant skeleton drops every vowel as well and folds p/b and v/f, because abjad scripts
 * (Arabic, Hebrew) write neither short vowels nor those distinctions: it is what an Arabic-script
 * token is compared on.
 */

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
const isVowelAt = (t: string, i: number): boolean => {
  const c = t[i];
  if (c === undefined) return false;
  if (VOWELS.has(c)) return true;
  return c === 'y' && !(i === 0 && VOWELS.has(t[i + 1] ?? ''));
};

function vowelClass(c: string): string {
  if (c === 'a') return 'A';
  if (c === 'o' || c === 'u') return 'U';
  return 'I';
}

/** Phonetic key of a folded token ([a-z0-9]). Digits are returned unchanged. */
export function phoneticKey(t: string): string {
  if (t.length === 0 || /^[0-9]+$/.test(t)) return t;
  const out: string[] = [];
  const push = (sym: string): void => {
    if (out.at(-1) !== sym) out.push(sym); // collapses doubled consonants and vowel runs
  };
  let i = 0;
  const n = t.length;
  while (i < n) {
    const c = t[i]!;
    const next = t[i + 1] ?? '';
    // A consonantal j/y: y before a vowel at the start; j unless it closes a syllable (Sergej, -yj).
    const jVowel = c === 'j' && i > 0 && isVowelAt(t, i - 1) && !isVowelAt(t, i + 1);
    if (VOWELS.has(c) || (c === 'y' && !(i === 0 && VOWELS.has(next))) || jVowel) {
      let j = i + 1; // the current letter is a vowel (or a vocalic j/y); absorb the rest of the run
      while (j < n && (VOWELS.has(t[j]!) || t[j] === 'y' || (t[j] === 'j' && j === n - 1))) j++;
      // "-er" after a consonant at the end of the token: Alexander / Aleksandr, Peter / Petr.
      if (c === 'e' && j === i + 1 && t[j] === 'r' && j === n - 1 && out.length > 0 && out.at(-1) !== '.') {
        i = j;
        continue;
      }
      if (out.length === 0) out.push(vowelClass(c));
      else push('.');
      i = j;
      continue;
    }
    switch (c) {
      case 'c':
        if (next === 'h') {
          push('C');
          i += 2;
        } else if (next === 'k') {
          push('k');
          i += 2;
        } else if (next === 'e' || next === 'i' || next === 'y') {
          push('s');
          i++;
        } else {
          push('k');
          i++;
        }
        continue;
      case 's':
        if (next === 'c' && t[i + 2] === 'h') {
          push('S');
          i += 3;
        } else if (next === 'h' || next === 'z') {
          push('S');
          i += 2;
        } else {
          push('s');
          i++;
        }
        continue;
      case 't':
        if (next === 's' && t[i + 2] === 'c' && t[i + 3] === 'h') {
          push('C');
          i += 4;
        } else if (next === 'c' && t[i + 2] === 'h') {
          push('C');
          i += 3;
        } else if (next === 's' && t[i + 2] === 'h') {
          push('C');
          i += 3;
        } else if (next === 'h') {
          push('t');
          i += 2;
        } else {
          push('t');
          i++;
        }
        continue;
      case 'd':
        if (next === 'z' && t[i + 2] === 'h') {
          push('J');
          i += 3;
        } else if (next === 's' && t[i + 2] === 'c' && t[i + 3] === 'h') {
          push('J');
          i += 4;
        } else if (next === 'j') {
          push('J');
          i += 2;
        } else if (next === 'h') {
          push('d');
          i += 2;
        } else {
          push('d');
          i++;
        }
        continue;
      case 'z':
        if (next === 'h') {
          push('J');
          i += 2;
        } else {
          push('s');
          i++;
        }
        continue;
      case 'j':
      case 'y':
        push('J');
        i++;
        continue;
      case 'k':
        if (next === 'h') {
          push('h');
          i += 2;
        } else {
          push('k');
          i++;
        }
        continue;
      case 'g':
        if (next === 'h') {
          push('g');
          i += 2;
        } else {
          push('g');
          i++;
        }
        continue;
      case 'p':
        if (next === 'h') {
          push('f');
          i += 2;
        } else {
          push('p');
          i++;
        }
        continue;
      case 'q':
        push('k');
        i++;
        continue;
      case 'x':
        if (i === 0)
          push('S'); // Pinyin x is close to sh (Xi = Shi), as is Basque/Catalan initial x
        else {
          push('k');
          push('s');
        }
        i++;
        continue;
      case 'w':
        push('v');
        i++;
        continue;
      case 'h':
        // Silent final h after a vowel (Abdullah / Abdulla, Fatemeh / Fateme).
        if (i === n - 1 && i > 0 && isVowelAt(t, i - 1)) {
          i++;
          continue;
        }
        push('h');
        i++;
        continue;
      default:
        push(c);
        i++;
    }
  }
  return out.join('');
}

/**
 * Consonant skeleton of a phonetic key: no vowels, p→b, v→f (abjads write neither distinction),
 * but a vowel at either end is kept as '.', because abjads write those (alef/ayn at the start, a long
 * vowel at the end): Mohammadi محمدی is not Mohammad محمد, Ehsan احسان is not Hussein حسین.
 */
export function consonantSkeleton(key: string): string {
  if (/^[0-9]+$/.test(key)) return key;
  let out = '';
  const last = key.length - 1;
  for (let i = 0; i < key.length; i++) {
    let c = key[i]!;
    if (i === 0 && (c === 'A' || c === 'I' || c === 'U')) {
      if (last > 0) out += '.';
      continue;
    }
    if (i === last && i > 0 && c === '.') {
      out += '.';
      continue;
    }
    if (c === '.') continue;
    if (c === 'p') c = 'b';
    else if (c === 'v') c = 'f';
    // No de-duplication across a dropped vowel: David is d-v-d, Sisi is s-s.
    out += c;
  }
  return out;
}
