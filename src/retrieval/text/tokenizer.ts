import { createHash } from 'node:crypto';
import { isPinyinSyllable, pinyinOf, typedPinyin } from './chinese-pinyin';
import { addChineseUserWords, cutChinese, cutChineseForSearch } from './chinese-segmenter';
import { stemEnglish } from './english-stemmer';
import { normalizeText } from './normalize';
import { NEGATION_STUBS, STOP_WORDS } from './stop-words';
import { SynonymTable } from './synonyms';

export interface TokenizerOptions {
  /** canonical word → its variants, e.g. `{ 快递: ['物流', '包裹'], refund: ['money back'] }` */
  synonyms?: Record<string, string[]>;
  /** product names and FAQ terms jieba must keep whole ("微粒贷", "花呗") */
  userWords?: string[];
}

/** Prefixes of the extra features, so that a character bigram never collides with a word. */
export const FEATURE_PREFIX = { chineseBigram: '#', pinyinBigram: '@', latinTrigram: '~' } as const;

/** Longer input is cut here: questions are short, and a pasted e-mail must not cost a second. */
export const MAX_INPUT_CHARS = 4000;

const RUNS = /(\p{Script=Han}+)|[^\s\p{Script=Han}]+/gu;
const CHINESE_WORD = /^\p{Script=Han}+$/u;
const LATIN_WORD_FOR_TRIGRAMS = /^[a-z]{4,}$/;

interface Analysis {
  words: string[];
  /** Chinese text between stop words ("请问我的快递到了吗" → "快递到"): bigrams are taken from these. */
  chineseStretches: string[];
  /** Latin words as typed, each list running up to Chinese text or a synonym: "tui huo" may be pinyin. */
  latinStretches: string[][];
}

/**
 * Turns Chinese, English and mixed text into matching units: the same text always gives the same
 * tokens, on questions and on documents. Synchronous and fast (jieba is native); jieba's dictionary
 * is loaded once per process on first use.
 */
export class Tokenizer {
  /** Short hash of the synonyms and user words ('' without any): what besides the code decides the tokens. */
  readonly fingerprint: string;
  private readonly synonyms: SynonymTable;

  constructor(options: TokenizerOptions = {}) {
    this.synonyms = new SynonymTable(options.synonyms);
    const userWords = (options.userWords ?? []).map(normalizeText).filter((word) => CHINESE_WORD.test(word));
    addChineseUserWords(userWords);
    this.fingerprint = fingerprintOf(options.synonyms ?? {}, userWords);
  }

  /** Normalised, segmented, stemmed words without stop words, synonyms replaced by their canonical word. */
  words(text: string): string[] {
    return this.analyze(text).words;
  }

  /**
   * `words(text)` plus n-grams that still overlap when jieba cuts a typo differently or a word is
   * misspelt: character bigrams of the Chinese text ("#微粒" is shared by "微粒货" and "微粒贷"), their
   * toneless pinyin ("@shouhuo" is shared by the homophone typo "收获地址" and "收货地址") and character
   * trigrams of Latin words of four letters or more ("~rec" in "recieve" and "receive").
   */
  features(text: string): string[] {
    const { words, chineseStretches, latinStretches } = this.analyze(text);
    const features = [...words];
    for (const stretch of chineseStretches) {
      const characters = [...stretch];
      addNgrams(characters, 2, FEATURE_PREFIX.chineseBigram, features);
      addNgrams(characters.map(pinyinOf), 2, FEATURE_PREFIX.pinyinBigram, features);
    }
    for (const word of words) {
      if (LATIN_WORD_FOR_TRIGRAMS.test(word)) addNgrams([...word], 3, FEATURE_PREFIX.latinTrigram, features);
    }
    // Chinese typed as pinyin when the input method fails ("tui huo" for 退货) meets the pinyin of the Chinese; only a
    // stretch that is all syllables counts, so English ("can you ship") does not
    for (const stretch of latinStretches) {
      if (stretch.length >= 2 && stretch.every(isPinyinSyllable)) addNgrams(stretch.map(typedPinyin), 2, FEATURE_PREFIX.pinyinBigram, features);
    }
    return features;
  }

  private analyze(text: string): Analysis {
    const analysis: Analysis = { words: [], chineseStretches: [], latinStretches: [] };
    const normalized = normalizeText(text.slice(0, MAX_INPUT_CHARS));
    for (const segment of this.synonyms.segments(normalized)) {
      if ('canonical' in segment) {
        analysis.words.push(segment.canonical);
        // its n-grams too, so that a typo of it ("退获", "tui huo") still meets it
        if (CHINESE_WORD.test(segment.canonical)) analysis.chineseStretches.push(segment.canonical);
      } else this.analyzePlainText(segment.text, analysis);
    }
    return analysis;
  }

  private analyzePlainText(text: string, analysis: Analysis): void {
    let latin: string[] = [];
    for (const [run, chinese] of text.matchAll(RUNS)) {
      if (chinese) {
        this.analyzeChinese(chinese, analysis);
        if (latin.length) analysis.latinStretches.push(latin);
        latin = [];
      } else {
        this.addLatinWord(run, analysis.words);
        latin.push(run);
      }
    }
    if (latin.length) analysis.latinStretches.push(latin);
  }

  private analyzeChinese(run: string, analysis: Analysis): void {
    analysis.words.push(...cutChineseForSearch(run).filter((word) => !STOP_WORDS.has(word)));
    analysis.chineseStretches.push(...stretchesBetweenStopWords(cutChinese(run)));
  }

  private addLatinWord(word: string, words: string[]): void {
    if (NEGATION_STUBS.has(word)) {
      words.push('not');
      return;
    }
    const stem = stemEnglish(word);
    const canonical = this.synonyms.canonicalOf(stem);
    if (canonical) words.push(canonical);
    else if (!STOP_WORDS.has(word)) words.push(stem);
  }
}

/** ["请问", "我", "的", "快递", "到", "了"] → ["快递到"] */
function stretchesBetweenStopWords(words: string[]): string[] {
  const stretches: string[] = [];
  let stretch = '';
  for (const word of words) {
    if (!STOP_WORDS.has(word)) {
      stretch += word;
      continue;
    }
    if (stretch) stretches.push(stretch);
    stretch = '';
  }
  if (stretch) stretches.push(stretch);
  return stretches;
}

function fingerprintOf(synonyms: Record<string, string[]>, userWords: string[]): string {
  const groups = Object.entries(synonyms).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (groups.length === 0 && userWords.length === 0) return '';
  const settings = JSON.stringify({ groups, userWords: [...new Set(userWords)].sort() });
  return createHash('sha256').update(settings).digest('hex').slice(0, 12);
}

function addNgrams(units: string[], n: number, prefix: string, into: string[]): void {
  for (let i = 0; i + n <= units.length; i++) into.push(prefix + units.slice(i, i + n).join(''));
}
