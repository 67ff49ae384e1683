import { detectLanguage, normalizeText } from './normalize';

describe('normalizeText', () => {
  it('turns full-width letters, digits and punctuation into plain ones', () => {
    expect(normalizeText('ＡＢＣ１２３，ｏｋ？')).toBe('abc123 ok');
  });

  it('lower-cases', () => {
    expect(normalizeText('Where Is My ORDER')).toBe('where is my order');
  });

  it('turns traditional Chinese into simplified, Taiwan phrases included', () => {
    expect(normalizeText('請問一下怎麼修改收貨地址')).toBe('请问一下怎么修改收货地址');
    expect(normalizeText('軟體')).toBe('软件');
  });

  it('leaves simplified Chinese as it is', () => {
    expect(normalizeText('我的快递什么时候到')).toBe('我的快递什么时候到');
  });

  it('turns emoji, CJK and ASCII punctuation into single spaces', () => {
    expect(normalizeText('退款😊😊多久？？到账！')).toBe('退款 多久 到账');
    expect(normalizeText('hi!!! 👍🏻 thanks... (really)')).toBe('hi thanks really');
    expect(normalizeText('1️⃣ 《说明书》【新品】')).toBe('1 说明书 新品');
  });

  it('keeps order numbers whole', () => {
    expect(normalizeText('订单号：LM20261123001，还没发货')).toBe('订单号 lm20261123001 还没发货');
    expect(normalizeText('ＬＭ２０２６１１２３００１')).toBe('lm20261123001');
  });

  it('collapses whitespace and trims', () => {
    expect(normalizeText('  a \t\n  b  ')).toBe('a b');
  });

  it('gives an empty string for empty, blank or emoji-only input', () => {
    expect(normalizeText('')).toBe('');
    expect(normalizeText('   ')).toBe('');
    expect(normalizeText('😀🎉👨‍👩‍👧')).toBe('');
  });
});

describe('detectLanguage', () => {
  it.each([
    ['我的快递什么时候到', 'zh'],
    ['我的order还没到', 'zh'],
    ['Where is my order?', 'en'],
    ['Where is my parcel, I ordered the blue jacket last week 谢谢', 'en'],
    ['LM20261123001', 'en'],
    ['', 'en'],
  ])('%s → %s', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });
});
