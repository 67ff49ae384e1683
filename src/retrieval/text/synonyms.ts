import { stemEnglish } from './english-stemmer';
import { normalizeText } from './normalize';

/** A piece of normalised text, or a synonym phrase already replaced by its group's canonical word. */
export type Segment = { text: string } | { canonical: string };

const HAN = /\p{Script=Han}/u;
const SINGLE_LATIN_WORD = /^[^\s\p{Script=Han}]+$/u;

/**
 * Synonym groups from kefu.yaml (`快递: [物流, 包裹]`, `refund: [money back]`): the key and every variant
 * become the key's canonical word, on questions and documents alike. Single Latin words are matched
 * after stemming, so "refunds" meets "refund". Chinese words and multi-word phrases are matched in the
 * normalised text before segmentation, because jieba may cut "到账" or "money back" differently each time.
 * A variant listed in two groups belongs to the first.
 */
export class SynonymTable {
  private readonly canonicalOfWord = new Map<string, string>();
  private readonly canonicalOfPhrase = new Map<string, string>();
  private readonly phrasePattern: RegExp | undefined;

  constructor(groups: Record<string, string[]> = {}) {
    for (const [key, variants] of Object.entries(groups)) {
      const canonical = canonicalWord(key);
      if (!canonical) continue;
      for (const variant of [key, ...variants]) this.addVariant(normalizeText(variant), canonical);
    }
    this.phrasePattern = buildPhrasePattern([...this.canonicalOfPhrase.keys()]);
  }

  /** The canonical word for a stemmed Latin word, if it belongs to a group. */
  canonicalOf(stemmedWord: string): string | undefined {
    return this.canonicalOfWord.get(stemmedWord);
  }

  /** Chinese and multi-word phrases of the normalised text replaced by their canonical words. */
  segments(normalized: string): Segment[] {
    if (!this.phrasePattern) return [{ text: normalized }];
    const segments: Segment[] = [];
    let last = 0;
    for (const match of normalized.matchAll(this.phrasePattern)) {
      if (match.index > last) segments.push({ text: normalized.slice(last, match.index) });
      segments.push({ canonical: this.canonicalOfPhrase.get(match[0])! });
      last = match.index + match[0].length;
    }
    if (last < normalized.length) segments.push({ text: normalized.slice(last) });
    return segments;
  }

  private addVariant(variant: string, canonical: string): void {
    if (!variant) return;
    const isWord = SINGLE_LATIN_WORD.test(variant);
    const table = isWord ? this.canonicalOfWord : this.canonicalOfPhrase;
    const key = isWord ? stemEnglish(variant) : variant;
    if (!table.has(key)) table.set(key, canonical);
  }
}

/** "Refunds" → "refund", "快递" → "快递", "money back" → "money_back": one token, stemmed like any other word. */
function canonicalWord(key: string): string {
  const normalized = normalizeText(key);
  return SINGLE_LATIN_WORD.test(normalized) ? stemEnglish(normalized) : normalized.replace(/ /g, '_');
}

/** Longest phrase first; a Latin edge must not sit inside a longer Latin word ("back" in "backpack"). */
function buildPhrasePattern(phrases: string[]): RegExp | undefined {
  if (phrases.length === 0) return undefined;
  const alternatives = phrases
    .sort((a, b) => b.length - a.length)
    .map((phrase) => {
      const before = HAN.test(phrase[0]) ? '' : '(?<![^\\s\\p{Script=Han}])';
      const after = HAN.test(phrase[phrase.length - 1]) ? '' : '(?![^\\s\\p{Script=Han}])';
      return before + escapeRegExp(phrase) + after;
    });
  return new RegExp(alternatives.join('|'), 'gu');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
