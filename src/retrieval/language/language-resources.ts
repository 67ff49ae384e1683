import { BilingualLexicon } from './bilingual-lexicon';
import { readCedict } from './cedict';
import { LanguageResource, QueryExpander } from './query-expansion';
import { WordNet } from './wordnet';

let lexicon: BilingualLexicon | undefined;
let wordnet: WordNet | undefined;

/** CC-CEDICT's lexicon, built on first use and kept for the life of the process (every folder shares it). */
export function sharedLexicon(): BilingualLexicon {
  return (lexicon ??= new BilingualLexicon(readCedict()));
}

/** WordNet, opened on first use and kept for the life of the process. */
export function sharedWordNet(): WordNet {
  return (wordnet ??= new WordNet());
}

/** The query expander for these resources (none: an expander that adds nothing). */
export function queryExpanderFor(resources: readonly LanguageResource[]): QueryExpander {
  const on = new Set(resources);
  const needsLexicon = on.has('cross-language') || on.has('zh-to-en') || on.has('zh-synonyms');
  return new QueryExpander({
    lexicon: needsLexicon ? sharedLexicon() : undefined,
    crossLanguage: on.has('cross-language'),
    chineseToEnglish: on.has('zh-to-en'),
    chineseSynonyms: on.has('zh-synonyms'),
    wordnet: on.has('wordnet') ? sharedWordNet() : undefined,
  });
}
