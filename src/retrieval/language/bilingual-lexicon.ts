import { stemEnglish } from '../text/english-stemmer';
import { normalizeText } from '../text/normalize';
import { STOP_WORDS } from '../text/stop-words';
import type { CedictEntry } from './cedict';

/** Longest English gloss kept as a translation, in content words: longer glosses describe rather than translate. */
const MAX_GLOSS_WORDS = 3;
/** A headword with more senses than this is too ambiguous to stand for any one of them. */
const MAX_SENSES = 4;

/**
 * Chinese words and the English words they translate, both ways, from CC-CEDICT's glosses: "水壶" glossed
 * "kettle; canteen; watering can" is found from "kettle", "canteen" and "watering can", and "烧水壶" glossed "kettle"
 * is found from "kettle" too. English is keyed by its stemmed content words ("watering can" → "water can"), so
 * a key is what `englishKeys` makes of the words of a question.
 */
export class BilingualLexicon {
  private readonly chineseOfKey = new Map<string, string[]>();
  private readonly keysOfChinese = new Map<string, string[]>();
  private readonly charactersOfKey = new Map<string, string[]>();

  constructor(entries: Iterable<CedictEntry>) {
    const candidates = new Map<string, Map<string, number>>();
    const characters = new Map<string, Set<string>>();
    const keysOf = new Map<string, Set<string>>();
    const addTo = <V>(map: Map<string, Set<V>>, key: string, value: V) => {
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      set.add(value);
    };
    for (const { simplified, glosses } of entries) {
      if (glosses.length > MAX_SENSES) continue;
      const single = [...simplified].length < 2;
      for (const text of glosses) {
        for (const gloss of text.split(';')) {
          const key = glossKey(gloss);
          if (!key) continue;
          if (single) {
            if (!key.includes(' ')) addTo(characters, key, simplified);
            continue;
          }
          let senses = candidates.get(key);
          if (!senses) candidates.set(key, (senses = new Map()));
          if (!senses.has(simplified)) senses.set(simplified, glosses.length);
          addTo(keysOf, simplified, key);
        }
      }
    }
    // a headword with one sense translates its gloss more surely than one with four (a stable sort keeps the dictionary's order)
    for (const [key, senses] of candidates) this.chineseOfKey.set(key, [...senses].sort((a, b) => a[1] - b[1]).map(([chinese]) => chinese));
    for (const [key, set] of characters) this.charactersOfKey.set(key, [...set]);
    for (const [chinese, set] of keysOf) this.keysOfChinese.set(chinese, [...set]);
  }

  /** Chinese words glossed exactly by this key, most specific first. */
  chineseFor(key: string): readonly string[] {
    return this.chineseOfKey.get(key) ?? [];
  }

  /**
   * Compounds spelt from one-character translations of each word, for a phrase the dictionary lacks: "dust bag"
   * → 尘袋 (尘 "dust" + 袋 "bag"), which is how 集尘袋 holds it. Most are not words; the caller keeps those the folder holds.
   */
  compoundsFor(words: readonly string[]): string[] {
    let compounds = [''];
    for (const word of words) {
      const characters = this.charactersOfKey.get(word) ?? [];
      compounds = compounds.flatMap((prefix) => characters.map((character) => prefix + character));
      if (compounds.length === 0) return [];
    }
    return compounds;
  }

  /** The keys of a Chinese word's glosses. */
  keysOf(chinese: string): readonly string[] {
    return this.keysOfChinese.get(chinese) ?? [];
  }

  get size(): number {
    return this.chineseOfKey.size;
  }
}

/**
 * The stemmed content words of an English gloss, or undefined for a gloss that is a reference, a name or a
 * description: "to dry (clothes)" → "dry", "electric kettle (Tw)" → "electric kettle", "variant of 壺|壶[hu2]" → none.
 */
export function glossKey(gloss: string): string | undefined {
  let text = gloss.toLowerCase().trim();
  if (/^(old |archaic )?variant of|^surname|^see |^cl:|^abbr|^used in|^erhua|^(japanese |korean )?(name|kana)|\[/.test(text)) return undefined;
  text = text.replace(/\([^)]*\)/g, ' ').replace(/^\s*(lit\.|fig\.)\s*/, '');
  const words = (text.match(/[a-z]+/g) ?? []).filter((word, index) => index > 0 || !LEADING_FUNCTION_WORD.has(word));
  // a function word inside ("watering can", "list of names") makes a phrase that a question's content words never spell
  if (words.length === 0 || words.length > MAX_GLOSS_WORDS || words.some((word) => STOP_WORDS.has(word))) return undefined;
  return words.map(stemEnglish).join(' ');
}

const LEADING_FUNCTION_WORD = new Set(['to', 'a', 'an', 'the']);

/**
 * The keys to look a question's English up by: its stemmed content words and each run of two and three of them
 * ("how often do i change the dust bag" → "often", "change", "dust", "bag", "often change", "change dust", "dust bag", …).
 */
export function englishKeys(text: string): Array<{ key: string; words: string[] }> {
  const words = englishWords(text).filter((word) => !STOP_WORDS.has(word)).map(stemEnglish);
  const keys: Array<{ key: string; words: string[] }> = [];
  for (let n = MAX_GLOSS_WORDS; n >= 1; n--) {
    for (let start = 0; start + n <= words.length; start++) {
      const run = words.slice(start, start + n);
      keys.push({ key: run.join(' '), words: run });
    }
  }
  return keys;
}

/** The whole English words of a text, lower-cased: "R3" and "5GHz" are model names, not words. */
export function englishWords(text: string): string[] {
  return normalizeText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => ENGLISH_WORD.test(word));
}

const ENGLISH_WORD = /^[a-z]{2,}$/;
