import { BilingualLexicon, englishKeys, glossKey } from './bilingual-lexicon';

describe('glossKey', () => {
  it('keeps the stemmed content words of a short translation', () => {
    expect(glossKey('kettle')).toBe('kettl');
    expect(glossKey('to dry (clothes)')).toBe('dry');
    expect(glossKey('electric kettle (Tw)')).toBe('electric kettl');
    expect(glossKey('a dust bag')).toBe('dust bag');
  });

  it('drops references, names and descriptions', () => {
    expect(glossKey('variant of 壺|壶[hu2]')).toBeUndefined();
    expect(glossKey('surname Li')).toBeUndefined();
    expect(glossKey('see 水壶[shui3 hu2]')).toBeUndefined();
    // "can" is a function word to a question, so this gloss could only ever match the word "water"
    expect(glossKey('watering can')).toBeUndefined();
    expect(glossKey('lit. every turnip to its hole (idiom); fig. each person has his own position')).toBeUndefined();
  });
});

describe('englishKeys', () => {
  it('looks a question up by its content words and their runs of two and three, longest first', () => {
    const keys = englishKeys('how often do i change the dust bag on the R3?').map(({ key }) => key);
    expect(keys).toContain('dust bag');
    expect(keys).toContain('chang dust bag');
    expect(keys.indexOf('dust bag')).toBeLessThan(keys.indexOf('dust'));
    // "R3" is a model name, not an English word
    expect(keys).not.toContain('r');
  });
});

describe('BilingualLexicon', () => {
  const lexicon = new BilingualLexicon([
    { simplified: '水壶', glosses: ['kettle', 'canteen', 'watering can'] },
    { simplified: '烧水壶', glosses: ['kettle'] },
    { simplified: '壶', glosses: ['pot'] },
    { simplified: '集尘袋', glosses: ['dust bag; dust collection bag'] },
    { simplified: '打', glosses: ['to beat', 'to strike', 'to hit', 'to break', 'to type'] },
  ]);

  it('finds Chinese words from their English glosses, the one-sense words first', () => {
    expect(lexicon.chineseFor('kettl')).toEqual(['烧水壶', '水壶']);
    expect(lexicon.chineseFor('canteen')).toEqual(['水壶']);
    expect(lexicon.chineseFor('dust bag')).toEqual(['集尘袋']);
  });

  it('leaves out single characters and words with too many senses to stand for one', () => {
    expect(lexicon.chineseFor('pot')).toEqual([]);
    expect(lexicon.chineseFor('beat')).toEqual([]);
  });

  it('knows the glosses of a Chinese word, for Chinese synonyms', () => {
    expect(lexicon.keysOf('烧水壶')).toEqual(['kettl']);
  });
});
