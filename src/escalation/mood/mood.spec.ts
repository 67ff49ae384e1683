import { detectMood } from './mood';

const score = (t: string, extra?: string[]): number => detectMood(t, { extraComplaintPhrases: extra }).complaintScore;
const THRESHOLD = 0.45;

describe('detectMood', () => {
  it.each([
    '垃圾！',
    '我要投诉你们',
    '你们就是骗子，收了钱不发货',
    '再不给我处理我就打12315',
    '这种质量也敢卖？退一赔三！',
    '三天了还没发货，你们到底干什么吃的？',
    '等着被曝光吧，我这就发小红书',
    '呵呵，真是好服务啊，问三遍都答非所问',
    'This is the worst service I have ever had.',
    'scam!!!',
    'If I don\'t get my refund by Friday I\'m reporting you to the BBB.',
    "I've asked for the THIRD time, where is my money???",
    'Oh great, another automated reply. Thanks for nothing.',
    'Im so done with this compnay, worst purchse ever',
  ])('flags a complaint: %s', (text) => {
    expect(score(text)).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it.each([
    '我的快递还没到，在哪里？',
    '耳机左边没声音了怎么办',
    '退款还没到账，一般要几天？',
    '怎么还没发货，一般几天发？',
    '物流三天没更新了，是不是卡住了？',
    "my order hasn't arrived yet, where is it?",
    'this vacuum is not charging, what should I do?',
    'I want to return this, it doesn\'t fit',
    'Why is my order still processing?',
    "It's been a week, when will it ship?",
    'The kettle makes a terrible noise, is that normal?',
  ])('keeps a negative-sounding ordinary question calm: %s', (text) => {
    expect(score(text)).toBeLessThan(THRESHOLD);
  });

  it('treats an explicit wish to complain as a complaint, also as a question (documented decision)', () => {
    expect(score('how do I file a complaint?')).toBeGreaterThanOrEqual(THRESHOLD);
    expect(score('怎么投诉你们？投诉渠道在哪')).toBeGreaterThanOrEqual(THRESHOLD);
  });

  describe('negation, hypotheticals and hedges', () => {
    it.each([
      ['不是投诉哈，就是想问一下保修怎么算', '我要投诉'],
      ['没啥不满意的，就问下滤网多久换一次', '我对处理结果非常不满意'],
      ['Not a complaint, just curious why the price changed.', 'I want to make a complaint.'],
      ['No complaints so far!', 'complaints everywhere about you'],
      ["Just checking this isn't a scam – is this the official store?", 'This company is a scam, do not buy from them.'],
      ['如果不满意可以退吗', '我很不满意'],
    ])('"%s" is dampened while "%s" is not', (negated, plain) => {
      expect(score(negated)).toBeLessThan(THRESHOLD);
      expect(score(plain)).toBeGreaterThanOrEqual(THRESHOLD);
    });

    it('halves a hedged mild cue', () => {
      expect(score("I'm a bit disappointed the X1 has no mop, is there a bundle?")).toBeLessThan(score("I'm disappointed the X1 has no mop, is there a bundle?"));
    });

    it('does not negate "I have no choice but to complain"-style threats', () => {
      expect(score("Don't make me post this on Twitter.")).toBeGreaterThanOrEqual(THRESHOLD);
      expect(score('别逼我投诉')).toBeGreaterThanOrEqual(THRESHOLD);
    });
  });

  it('does not mistake the dust bin or an alarm light for anger', () => {
    expect(score('扫地机的垃圾盒怎么清理')).toBe(0);
    expect(score('净化器滤芯报警灯一直亮，怎么复位')).toBeLessThan(THRESHOLD);
  });

  it('weakens scam words when the customer reports phishing', () => {
    expect(score('骗子短信冒充你们客服说要退款，这是真的吗？')).toBeLessThan(THRESHOLD);
  });

  it('swearing alone is intensity, not a complaint', () => {
    const r = detectMood('i need help speaking with fucking customer support');
    expect(r.complaintScore).toBeLessThan(THRESHOLD);
    expect(r.cues).toContain('swear:fucking');
  });

  it('intensity stacks with frustration', () => {
    const calm = score('where is my refund');
    const loud = score('WHERE IS MY REFUND???');
    expect(loud).toBeGreaterThan(calm);
    expect(detectMood('WHERE IS MY REFUND???').cues.some((c) => c.startsWith('intensity:'))).toBe(true);
  });

  it('question damping applies only to the sentence that is a question', () => {
    expect(score('Nobody has replied to my 4 emails. Is anyone even working there?')).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('maps scores to moods', () => {
    expect(detectMood('hello').mood).toBe('calm');
    expect(detectMood('我要投诉').mood).toBe('angry');
    expect(detectMood('无语').mood).toBe('frustrated');
  });

  it('reports cues with their kind', () => {
    const r = detectMood('你们就是骗子！！！');
    expect(r.cues).toEqual(expect.arrayContaining(['complaint:骗子', 'intensity:!!!']));
    expect(r.complaintScore).toBeGreaterThan(0.85);
    expect(r.complaintScore).toBeLessThanOrEqual(1);
  });

  it('accepts extra complaint phrases from content staff, negatable like the built-ins', () => {
    // the cues alone: the learned model reads this sarcasm as a complaint by itself
    const cuesOnly = (t: string, extra?: string[]): number => detectMood(t, { extraComplaintPhrases: extra, model: null }).complaintScore;
    expect(cuesOnly('你们家的东西就是智商检测器')).toBeLessThan(THRESHOLD);
    expect(cuesOnly('你们家的东西就是智商检测器', ['智商检测器'])).toBeGreaterThanOrEqual(THRESHOLD);
    expect(cuesOnly('这不是智商检测器', ['智商检测器'])).toBeLessThan(THRESHOLD);
    expect(score('total lemon', ['lemon'])).toBeGreaterThanOrEqual(THRESHOLD);
    expect(score('lemonade recipe', ['lemon'])).toBeLessThan(THRESHOLD);
  });

  it('handles traditional characters and full-width punctuation', () => {
    expect(score('我要投訴，你們的客服根本不處理問題')).toBeGreaterThanOrEqual(THRESHOLD);
    expect(detectMood('搞什么！！！').cues).toContain('intensity:!!!');
  });

  it.each([
    ['鞋子很合脚，走一天也不累', '等了一天了也不回'],
    ['洗发水控油，头发两天不油', '三天还没发货'],
    ['这本书让我后悔没早点读到', '买了就后悔'],
    ['朋友推荐来的，果然没让我失望', '太让我失望了'],
    ['真是服了自己，又把密码忘了', '真是服了，又发错了'],
  ])('the cues read praise "%s" as calm and "%s" as a grievance', (praise, grievance) => {
    const cuesOnly = (t: string): number => detectMood(t, { model: null }).complaintScore;
    expect(cuesOnly(praise)).toBeLessThan(0.3);
    expect(cuesOnly(grievance)).toBeGreaterThan(cuesOnly(praise));
  });

  it('is safe on empty input', () => {
    expect(detectMood('')).toEqual({ mood: 'calm', complaintScore: 0, cues: [] });
  });
});
