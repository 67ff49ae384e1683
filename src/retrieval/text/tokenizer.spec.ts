import { MAX_INPUT_CHARS, Tokenizer } from './tokenizer';

describe('Tokenizer', () => {
  const tokenizer = new Tokenizer();

  describe('words', () => {
    it('segments Chinese and drops particles and pronouns', () => {
      expect(tokenizer.words('请问我的快递什么时候到？')).toEqual(['快递', '时候', '到']);
    });

    it('keeps question words that carry meaning', () => {
      expect(tokenizer.words('退款多久到账')).toEqual(expect.arrayContaining(['退款', '多久']));
      expect(tokenizer.words('运费多少钱')).toEqual(expect.arrayContaining(['多少']));
      expect(tokenizer.words('How long does a refund take?')).toEqual(['long', 'refund', 'tak']);
    });

    it('adds the dictionary words inside a long Chinese word (search mode)', () => {
      expect(tokenizer.words('中华人民共和国')).toEqual(expect.arrayContaining(['中华', '人民', '共和国', '中华人民共和国']));
    });

    it('lower-cases, stems and drops English stop words', () => {
      expect(tokenizer.words('I want to return the items I ordered')).toEqual(['want', 'return', 'item', 'order']);
      expect(tokenizer.words('Refunds? REFUNDED! refunding')).toEqual(['refund', 'refund', 'refund']);
    });

    it('keeps negation, which contractions would otherwise lose', () => {
      expect(tokenizer.words("I didn't receive my parcel")).toEqual(['not', 'receiv', 'parcel']);
    });

    it('handles mixed Chinese and English, keeping order numbers and numbers', () => {
      expect(tokenizer.words('我的order LM20261123001还没到，等了3天')).toEqual(
        expect.arrayContaining(['order', 'lm20261123001', '3']),
      );
      expect(tokenizer.words('我的order LM20261123001还没到')).not.toContain('我');
    });

    it('treats traditional and full-width input like simplified and half-width', () => {
      expect(tokenizer.words('請問退貨退款要多久')).toEqual(tokenizer.words('请问退货退款要多久'));
      expect(tokenizer.words('ＲＥＦＵＮＤ')).toEqual(['refund']);
    });

    it('gives nothing for empty, emoji-only or stop-word-only input', () => {
      expect(tokenizer.words('')).toEqual([]);
      expect(tokenizer.words('😀👍🎉')).toEqual([]);
      expect(tokenizer.words('请问一下 the of and 吗')).toEqual([]);
    });

    it('reads only the first MAX_INPUT_CHARS characters of very long input', () => {
      const long = '退款'.repeat(MAX_INPUT_CHARS) + '发票';
      const words = tokenizer.words(long);
      expect(words).not.toContain('发票');
      expect(words.length).toBeLessThanOrEqual(MAX_INPUT_CHARS / 2);
    });
  });

  describe('user words', () => {
    it('keeps product names whole', () => {
      expect(new Tokenizer().words('微粒贷怎么申请')).not.toContain('微粒贷');
      expect(new Tokenizer({ userWords: ['微粒贷'] }).words('微粒贷怎么申请')).toContain('微粒贷');
    });

    it('does not make the product name swallow its neighbours', () => {
      expect(new Tokenizer({ userWords: ['白条'] }).words('明白条件')).toEqual(expect.arrayContaining(['明白', '条件']));
    });
  });

  describe('synonyms', () => {
    const withSynonyms = new Tokenizer({
      synonyms: { 快递: ['物流', '包裹'], refund: ['money back', 'reimbursement'], 到账: ['入账'] },
    });

    it('maps Chinese variants to the canonical word on both sides', () => {
      expect(withSynonyms.words('我的包裹到哪了')).toContain('快递');
      expect(withSynonyms.words('物流信息')).toContain('快递');
      expect(withSynonyms.words('快递单号')).toContain('快递');
      expect(withSynonyms.words('物流信息')).not.toContain('物流');
    });

    it('matches a Chinese variant however jieba would have cut it', () => {
      // jieba alone gives "提现|到|账|了|吗" and "包裹单|号"
      expect(withSynonyms.words('提现到账了吗')).toContain('到账');
      expect(withSynonyms.words('退款入账要多久')).toContain('到账');
      expect(withSynonyms.words('包裹单号')).toContain('快递');
    });

    it('matches multi-word English variants as phrases', () => {
      expect(withSynonyms.words('I want my money back!')).toEqual(['want', 'refund']);
      expect(withSynonyms.words('Money  Back guarantee')).toContain('refund');
    });

    it('matches a phrase only at word edges', () => {
      expect(withSynonyms.words('moneyback')).not.toContain('refund');
    });

    it('matches single-word variants in any inflection', () => {
      expect(withSynonyms.words('reimbursements')).toEqual(['refund']);
      expect(withSynonyms.words('refunded')).toEqual(['refund']);
    });

    it('changes the fingerprint, which stays empty without settings', () => {
      expect(new Tokenizer().fingerprint).toBe('');
      expect(withSynonyms.fingerprint).toMatch(/^[0-9a-f]{12}$/);
      expect(new Tokenizer({ synonyms: { 快递: ['物流', '包裹'] } }).fingerprint).not.toBe(withSynonyms.fingerprint);
    });
  });

  describe('features', () => {
    it('adds prefixed Chinese character bigrams and their pinyin, skipping stop words', () => {
      const features = tokenizer.features('我的快递到了吗');
      expect(features).toEqual(expect.arrayContaining(['快递', '#快递', '#递到', '@kuaidi', '@didao']));
      expect(features).not.toContain('#我的');
    });

    it('adds trigrams of Latin words of five letters or more', () => {
      expect(tokenizer.features('refund fee')).toEqual(['refund', 'fee', '~ref', '~efu', '~fun', '~und']);
    });

    it('shares n-grams between a typo and the right spelling where words differ', () => {
      const shared = (a: string, b: string) => tokenizer.features(a).filter((f) => tokenizer.features(b).includes(f));
      expect(shared('微粒货怎么申请', '微粒贷怎么申请')).toContain('#微粒');
      expect(shared('修改收获地址', '修改收货地址')).toContain('@shouhuo');
      expect(shared('recieve', 'receive')).toContain('~rec');
    });

    it('gives a synonym its n-grams too, so that a typo of it still meets it', () => {
      const withSynonyms = new Tokenizer({ synonyms: { 退货: ['退回'] } });
      const shared = (a: string, b: string) => withSynonyms.features(a).filter((f) => withSynonyms.features(b).includes(f));
      expect(shared('退获怎么申请', '我想退回')).toContain('@tuihuo');
      expect(shared('tui huo', '怎么退货')).toContain('@tuihuo');
    });

    it('reads Chinese typed as pinyin like the Chinese, but not English made of syllable-like words', () => {
      const shared = (a: string, b: string) => tokenizer.features(a).filter((f) => tokenizer.features(b).includes(f));
      expect(shared('tui huo 在app哪里点', '怎么退货')).toContain('@tuihuo');
      expect(shared('lv se de ke yi huan ma', '绿色')).toContain('@lüse');
      expect(tokenizer.features('can you ship to hong kong').filter((f) => f.startsWith('@'))).toEqual([]);
      expect(tokenizer.features('tui')).toEqual(['tui']);
    });

    it('is empty for empty input', () => {
      expect(tokenizer.features('')).toEqual([]);
      expect(tokenizer.features('🙂')).toEqual([]);
    });
  });
});
