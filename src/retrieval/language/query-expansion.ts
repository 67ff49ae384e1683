import { FEATURE_PREFIX, Tokenizer } from '../text/tokenizer';
import { STOP_WORDS } from '../text/stop-words';
import { BilingualLexicon, englishKeys, englishWords } from './bilingual-lexicon';
import type { WordNet } from './wordnet';

/** A term added to a question's lexical query, at a fraction of an original term's weight. */
export interface WeightedTerm {
  term: string;
  weight: number;
  /** the question's words (as the tokenizer gives them) this term stands for */
  sources: string[];
}

export interface Expansion {
  /** synonyms in the question's own language, searched together with its own terms */
  synonyms: WeightedTerm[];
  /** translations, searched as a query of their own: the folder holds them instead of the question's words */
  translations: WeightedTerm[];
  /** the idf-free share of the question's English content words that have a translation in the folder: 0..1 */
  translatedShare: number;
  /**
   * the Chinese words an English question's translations come from, space-separated ('' without any), for the
   * classifier; not the English of a Chinese question, which would make any Chinese question look known
   */
  translatedText: string;
}

export const LANGUAGE_RESOURCES = ['cross-language', 'zh-to-en', 'wordnet', 'zh-synonyms'] as const;
export type LanguageResource = (typeof LANGUAGE_RESOURCES)[number];

export interface ExpansionResources {
  /** English words of a question → Chinese words of the folder, and Chinese words → their Chinese synonyms */
  lexicon?: BilingualLexicon;
  wordnet?: WordNet;
}

export interface ExpansionWeights {
  /** all the Chinese translations of one English word or phrase together, within the translated query */
  crossLanguage: number;
  /** all the WordNet synonyms of one English word together */
  wordnet: number;
  /** all the Chinese synonyms of one Chinese word together */
  chineseSynonyms: number;
}

export const DEFAULT_EXPANSION_WEIGHTS: ExpansionWeights = { crossLanguage: 1, wordnet: 0.3, chineseSynonyms: 0.3 };

/** More translations or synonyms of one word than this only add noise: the most specific are kept. */
const MAX_ALTERNATIVES = 3;

/**
 * Extra lexical terms for a question, from whichever resources are given: Chinese translations of its English
 * words (so "how do i descale the kettle" also looks for 水壶 in Chinese documents) and, the other way, the English
 * glosses of its Chinese words (保修 → "warranty" in English documents), WordNet synonyms of its
 * English words, and Chinese synonyms of its Chinese words (words CC-CEDICT glosses alike). Only terms the folder
 * holds (`known`) are added, so a dictionary's hundred thousand words never reach the index; terms already in the
 * question are not added again. Each word's alternatives share one down-weighted share, so a word with three
 * translations weighs no more than a word with one.
 */
export class QueryExpander {
  constructor(
    private readonly resources: ExpansionResources & { crossLanguage?: boolean; chineseToEnglish?: boolean; chineseSynonyms?: boolean },
    private readonly weights: ExpansionWeights = DEFAULT_EXPANSION_WEIGHTS,
  ) {}

  get enabled(): boolean {
    return Boolean(this.resources.lexicon || this.resources.wordnet);
  }

  expand(question: string, tokenizer: Tokenizer, queryTerms: readonly string[], known: (term: string) => boolean): Expansion {
    const own = new Set(queryTerms);
    const collect = (into: Map<string, WeightedTerm>, alternatives: Array<{ word: string; terms: string[] }>, share: number, sources: string[]): string[] => {
      const usable = alternatives
        .map(({ word, terms }) => ({ word, terms: terms.filter((term) => known(term) && !own.has(term)) }))
        .filter(({ terms }) => terms.length > 0)
        .slice(0, MAX_ALTERNATIVES);
      for (const { terms } of usable) {
        for (const term of terms) {
          const found = into.get(term) ?? { term, weight: 0, sources: [] };
          found.weight = Math.max(found.weight, share / usable.length);
          found.sources = [...new Set([...found.sources, ...sources])];
          into.set(term, found);
        }
      }
      return usable.map(({ word }) => word);
    };
    const synonyms = new Map<string, WeightedTerm>();
    const translations = new Map<string, WeightedTerm>();
    const { lexicon, wordnet } = this.resources;
    let translatedShare = 0;
    const translatedWords: string[] = [];
    if (lexicon && (this.resources.crossLanguage || this.resources.chineseToEnglish)) {
      const content = new Set(this.resources.crossLanguage ? englishKeys(question).filter(({ words }) => words.length === 1).map(({ key }) => key) : []);
      const translated = new Set<string>();
      for (const { key, words } of this.resources.crossLanguage ? englishKeys(question) : []) {
        let used = collect(translations, lexicon.chineseFor(key).map((chinese) => ({ word: chinese, terms: matchingTerms(tokenizer, chinese) })), this.weights.crossLanguage, words);
        // a two-word phrase the dictionary lacks, as the folder spells it from one-character translations (the
        // compound's own bigram, so 尘袋 meets 集尘袋 but 尘 and 袋 apart meet nothing)
        if (used.length === 0 && words.length === 2) used = collect(translations, lexicon.compoundsFor(words).map((chinese) => ({ word: chinese, terms: [FEATURE_PREFIX.chineseBigram + chinese] })), this.weights.crossLanguage, words);
        if (used.length === 0) continue;
        for (const word of words) translated.add(word);
        translatedWords.push(...used);
      }
      const chinese = new Set(this.resources.chineseToEnglish ? tokenizer.words(question).filter(isChineseWord) : []);
      // and the other way: Chinese words of the question → the English of their glosses, for English documents
      for (const word of chinese) {
        const used = collect(translations, lexicon.keysOf(word).map((key) => ({ word: key, terms: key.split(' ') })), this.weights.crossLanguage, [word]);
        if (used.length > 0) translated.add(word);
      }
      const asked = content.size + chinese.size;
      translatedShare = asked > 0 ? translated.size / asked : 0;
    }
    if (wordnet) {
      for (const word of new Set(englishWords(question).filter((word) => !STOP_WORDS.has(word)))) {
        collect(synonyms, wordnet.synonyms(word).map((synonym) => ({ word: synonym, terms: tokenizer.words(synonym) })), this.weights.wordnet, tokenizer.words(word));
      }
    }
    if (lexicon && this.resources.chineseSynonyms) {
      for (const word of new Set(tokenizer.words(question).filter(isChineseWord))) {
        collect(synonyms, chineseSynonyms(lexicon, word).map((synonym) => ({ word: synonym, terms: matchingTerms(tokenizer, synonym) })), this.weights.chineseSynonyms, [word]);
      }
    }
    return { synonyms: [...synonyms.values()], translations: [...translations.values()], translatedShare, translatedText: [...new Set(translatedWords)].join(' ') };
  }
}

/** A Chinese word as the index holds it: jieba's words and the character bigrams, not the pinyin (homophones). */
function matchingTerms(tokenizer: Tokenizer, chinese: string): string[] {
  return tokenizer.features(chinese).filter((feature) => !feature.startsWith(FEATURE_PREFIX.pinyinBigram));
}

/** Other Chinese words glossed exactly as this one is ("快递" and "速递": "express delivery"). */
function chineseSynonyms(lexicon: BilingualLexicon, word: string): string[] {
  const synonyms = new Set<string>();
  for (const key of lexicon.keysOf(word)) for (const other of lexicon.chineseFor(key)) if (other !== word) synonyms.add(other);
  return [...synonyms];
}

const CHINESE_WORD = /^\p{Script=Han}{2,}$/u;

function isChineseWord(word: string): boolean {
  return CHINESE_WORD.test(word);
}
