import { readFileSync } from 'node:fs';
import { packageDataFile } from './package-data';

/** A CC-CEDICT headword in simplified characters and its English glosses ("水壶" → ["kettle", "canteen", "watering can"]). */
export interface CedictEntry {
  simplified: string;
  glosses: string[];
}

/**
 * The CC-CEDICT entries shipped in the `cc-cedict` package (its data/all.js, `{ all: [[traditional, simplified,
 * pinyin, glosses, …], …] }`), read as JSON: the package's own API is ESM-only and keeps every index in memory.
 * Headwords that are not all Chinese characters (letters, digits, punctuation) are left out.
 */
export function readCedict(file = packageDataFile('cc-cedict', 'data/all.js')): CedictEntry[] {
  const text = readFileSync(file, 'utf8');
  const data = JSON.parse(text.slice(text.indexOf('{'))) as { all: Array<[string, string, string, string | string[]]> };
  const entries: CedictEntry[] = [];
  for (const [, simplified, , glosses] of data.all) {
    if (!HAN_WORD.test(simplified)) continue;
    entries.push({ simplified, glosses: typeof glosses === 'string' ? [glosses] : glosses });
  }
  return entries;
}

const HAN_WORD = /^\p{Script=Han}+$/u;
