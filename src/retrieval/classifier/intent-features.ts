import { cutChinese } from '../text/chinese-segmenter';
import { normalizeText } from '../text/normalize';
import { MAX_INPUT_CHARS, Tokenizer } from '../text/tokenizer';

/** Prefix of the surface-word features, so "=how" never collides with a tokenizer feature. */
export const SURFACE_PREFIX = '=';
/** Prefix of the character trigrams of surface words, marked at their ends: "^<pi", "^pin", "^in>". */
export const SUBWORD_PREFIX = '^';

export interface IntentFeatureOptions {
  /**
   * adds the character trigrams of every Latin surface word with its ends marked, fastText's subwords
   * ("pin" → "^<pi", "^pin", "^in>"): the tokenizer's trigrams cover stemmed words of five letters or
   * more only, and short words carry much of a paraphrase's meaning. Default on.
   */
  subwords?: boolean;
  /** adds adjacent surface-word pairs ("=how=long"); off by default: they did not pay in bench:quality */
  wordBigrams?: boolean;
}

/**
 * A text's classifier features. `tokenizerFeatures`: the featurizer's tokenizer's `features` of the same text, when the
 * caller has them already (search tokenises every question once for BM25), so the question is not tokenised twice.
 */
export type Featurizer = (text: string, tokenizerFeatures?: readonly string[]) => string[];

const RUNS = /(\p{Script=Han}+)|[^\s\p{Script=Han}]+/gu;
const LATIN_WORD = /^[a-z]+$/;

/**
 * The classifier's features: the tokenizer's `features` (stemmed words without stop words, Chinese
 * character bigrams and their pinyin, Latin trigrams) plus the surface words, unstemmed and with the
 * stop words kept. Retrieval drops "how", "what", "my", "吗", "怎么" because they match everything; a
 * classifier learns which of them tell intents apart ("what is my balance" / "how do i check my balance",
 * "怎么退货" / "退货了吗").
 */
export function intentFeaturizer(tokenizer: Tokenizer, options: IntentFeatureOptions = {}): Featurizer {
  return (text, tokenizerFeatures) => {
    const features = tokenizerFeatures ? [...tokenizerFeatures] : tokenizer.features(text);
    const surface = surfaceWords(text);
    for (const word of surface) features.push(SURFACE_PREFIX + word);
    if (options.subwords ?? true) {
      for (const word of surface) if (LATIN_WORD.test(word)) addTrigrams(`<${word}>`, features);
    }
    if (options.wordBigrams) {
      for (let i = 0; i + 1 < surface.length; i++) features.push(SURFACE_PREFIX + surface[i] + SURFACE_PREFIX + surface[i + 1]);
    }
    return features;
  };
}

/** Normalised words as written: Latin runs split on spaces, Chinese runs cut by jieba, nothing dropped. */
export function surfaceWords(text: string): string[] {
  const words: string[] = [];
  for (const [run, chinese] of normalizeText(text.slice(0, MAX_INPUT_CHARS)).matchAll(RUNS)) {
    if (chinese) words.push(...cutChinese(chinese));
    else words.push(run);
  }
  return words;
}

function addTrigrams(word: string, into: string[]): void {
  for (let i = 0; i + 3 <= word.length; i++) into.push(SUBWORD_PREFIX + word.slice(i, i + 3));
}
