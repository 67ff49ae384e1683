/**
 * A light English stemmer: plurals, -ed, -ing, -ly and a final -e, so that "refunds", "refunded" and
 * "refunding" meet "refund", and "receive" meets "received". Written here rather than taken from a
 * Porter/Snowball package because those cut deeper ("delivery" → "deliveri", "general" → "gener") and
 * the stems appear in debug output and synonym tables; a dozen rules cover what customers type.
 * Expects a lower-case word of letters a–z; anything else is returned unchanged.
 */
export function stemEnglish(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let stem = stripPlural(word);
  stem = stripVerbEnding(stem);
  stem = stripAdverbEnding(stem);
  stem = undoubleFinalConsonant(stem);
  return stripFinalE(stem);
}

const VOWEL = /[aeiouy]/;

function stripPlural(word: string): string {
  if (word.endsWith('sses')) return word.slice(0, -2); // addresses → address
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y'; // deliveries → delivery
  if (/(?:x|ch|sh)es$/.test(word)) return word.slice(0, -2); // boxes → box, matches → match
  if (/[^sui]s$/.test(word)) return word.slice(0, -1); // refunds → refund; status, this, bus stay
  return word;
}

function stripVerbEnding(word: string): string {
  if (word.endsWith('eed')) return word; // need, speed
  if (word.endsWith('ied') && word.length > 4) return word.slice(0, -3) + 'y'; // applied → apply
  for (const suffix of ['ing', 'ed']) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    // "thing", "bring" and "used" are not -ing / -ed forms of anything we could match
    return stem.length >= 3 && VOWEL.test(stem) ? stem : word;
  }
  return word;
}

function stripAdverbEnding(word: string): string {
  // monthly → month, quickly → quick; not apply, fully, family, early
  if (!word.endsWith('ly') || /(?:pp|l|i)ly$/.test(word)) return word;
  const stem = word.slice(0, -2);
  return stem.length >= 4 ? stem : word;
}

/** shipp(ed) → ship, cancell(ed) → cancel; applied to every word so "call" and "calling" still agree. */
function undoubleFinalConsonant(word: string): string {
  const last = word[word.length - 1];
  const doubled = last === word[word.length - 2] && !VOWEL.test(last) && last !== 's';
  return doubled && word.length > 3 ? word.slice(0, -1) : word;
}

/** receive / received / receiving all end as "receiv"; "fee" and "free" keep theirs. */
function stripFinalE(word: string): string {
  return word.endsWith('e') && !word.endsWith('ee') && word.length > 3 ? word.slice(0, -1) : word;
}
