import { Tokenizer } from '../text/tokenizer';
import { BilingualLexicon } from './bilingual-lexicon';
import { QueryExpander } from './query-expansion';
import { WordNet } from './wordnet';

describe('QueryExpander', () => {
  const tokenizer = new Tokenizer();
  const lexicon = new BilingualLexicon([
    { simplified: '水壶', glosses: ['kettle', 'canteen', 'watering can'] },
    { simplified: '烧水壶', glosses: ['kettle'] },
    { simplified: '柠檬酸', glosses: ['citric acid'] },
    { simplified: '除垢', glosses: ['to descale'] },
    { simplified: '快递', glosses: ['express delivery'] },
    { simplified: '速递', glosses: ['express delivery'] },
  ]);
  /** what a folder of one Chinese document about descaling a kettle holds */
  const folder = new Set(tokenizer.features('水壶除垢：加入柠檬酸烧开。快递与速递'));
  const known = (term: string) => folder.has(term);
  const expand = (expander: QueryExpander, question: string) => expander.expand(question, tokenizer, tokenizer.features(question), known);

  it('translates English words into the Chinese words the folder holds', () => {
    const { translations, translatedShare } = expand(new QueryExpander({ lexicon, crossLanguage: true }), 'how do i descale the kettle with citric acid');
    const terms = translations.map(({ term }) => term);
    expect(terms).toEqual(expect.arrayContaining(['水壶', '柠檬酸', '除垢']));
    // 烧水壶 translates "kettle" too, but the folder does not hold it
    expect(terms).not.toContain('烧水壶');
    expect(translations.find(({ term }) => term === '柠檬酸')!.sources).toEqual(['citric', 'acid']);
    // descale, kettle, citric and acid are translated; nothing else is a content word
    expect(translatedShare).toBe(1);
  });

  it('adds nothing for a question in the folder language or without resources', () => {
    expect(expand(new QueryExpander({ lexicon, crossLanguage: true }), '水壶怎么除垢').translations).toEqual([]);
    expect(expand(new QueryExpander({}), 'how do i descale the kettle')).toEqual({ synonyms: [], translations: [], translatedShare: 0, translatedText: '' });
  });

  it('translates Chinese words into the English of their glosses, with zh-to-en', () => {
    const english = new Set(tokenizer.features('How do I descale the kettle?'));
    const expander = new QueryExpander({ lexicon, chineseToEnglish: true });
    const { translations, translatedShare, translatedText } = expander.expand('水壶怎么除垢', tokenizer, tokenizer.features('水壶怎么除垢'), (term) => english.has(term));
    expect(translations.map(({ term }) => term)).toEqual(expect.arrayContaining(['kettl', 'descal']));
    expect(translatedShare).toBe(1);
    // the classifier is not given the English of a Chinese question
    expect(translatedText).toBe('');
  });

  it('adds Chinese synonyms (words glossed alike) at a lower weight', () => {
    const { synonyms } = expand(new QueryExpander({ lexicon, chineseSynonyms: true }), '快递到了吗');
    const added = synonyms.find(({ term }) => term === '速递');
    expect(added).toMatchObject({ sources: ['快递'] });
    expect(added!.weight).toBeLessThan(1);
  });

  it('adds WordNet synonyms of English words the folder holds', () => {
    const english = new Set(tokenizer.features('Can I purchase a gift card?'));
    const { synonyms } = new QueryExpander({ wordnet: new WordNet() }).expand('where can i buy a gift card', tokenizer, tokenizer.features('where can i buy a gift card'), (term) => english.has(term));
    expect(synonyms.map(({ term }) => term)).toContain('purchas');
    expect(synonyms.every(({ weight }) => weight < 1)).toBe(true);
  });
});
