import { charBigrams, contentWeight, editDistance, isQuestion, jaccard, normalizeForMatching, normalizeText, repairTypo } from './text';

describe('text helpers', () => {
  it('normalises width, case, quotes and a few traditional characters', () => {
    expect(normalizeText('  我要投訴！！ＯＫ ')).toBe('我要投诉!!ok');
    expect(normalizeText('I’m  FINE')).toBe("i'm fine");
  });

  it('repairs one-edit typos of key words only', () => {
    expect(repairTypo('humen')).toBe('human');
    expect(repairTypo('agnet')).toBe('agent');
    expect(repairTypo('lcaim')).toBe('claim');
    expect(repairTypo('compliant')).toBe('compliant'); // a real word, protected
    expect(repairTypo('hello')).toBe('hello');
    expect(repairTypo('ask')).toBe('ask'); // too short to touch
    expect(normalizeForMatching('Talk to a humen')).toBe('talk to a human');
  });

  it('computes edit distance with transpositions', () => {
    expect(editDistance('agent', 'agnet')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('recognises questions in both languages', () => {
    expect(isQuestion('在哪里')).toBe(true);
    expect(isQuestion('能退吗')).toBe(true);
    expect(isQuestion('how do i return this')).toBe(true);
    expect(isQuestion('do not buy from them')).toBe(false);
    expect(isQuestion('我要退货')).toBe(false);
  });

  it('measures content and similarity', () => {
    expect(contentWeight('退货 ok')).toBe(6);
    expect(jaccard(charBigrams('abc'), charBigrams('abc'))).toBe(1);
    expect(jaccard(charBigrams('ab'), charBigrams('cd'))).toBe(0);
  });
});
