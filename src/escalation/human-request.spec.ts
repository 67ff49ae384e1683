import { detectHumanRequest } from './human-request';

const asks = (t: string, extra?: string[]): boolean => detectHumanRequest(t, { extraHumanPhrases: extra }).requested;

describe('detectHumanRequest', () => {
  it.each([
    '转人工', '人工', '人工客服', '我要人工', '找客服', '有没有真人啊', '叫你们经理出来', '人工人工人工', '转人工！',
    '我不想跟机器人说话，给我接个人', '可以联系在线客服吗', '请问怎么转人工？', '客服呢？出来一下',
    'talk to a human', 'agent please', 'real person please', 'Can I speak to someone?', 'representative', 'live agent',
    'Connect me with a customer service person.', 'Please transfer me to an agent.', 'get me a human', 'operator',
    'I need to talk to a human being, not a bot.', 'Human please!', 'Stop the bot. Person, please.',
    'talk to humen', 'I do not know how to talk to an agent', 'can you transfer to me an agent?',
  ])('detects a request for a person: %s', (text) => {
    expect(asks(text)).toBe(true);
  });

  it.each([
    'is this a real product?', 'Does the purifier have a human body sensor?', '人工智能扫地机器人是怎么避障的', '人工智能',
    '这个是真人实拍图吗', '有没有真人使用视频可以看看', '安装需要上门吗，收不收人工费？', '客服电话多少', '客服工作时间是几点到几点？',
    'What is the best cleaning agent for the mop?', 'Do you use a customs agent for international orders?',
    'Someone else will pick up the package, is that ok?', 'Is this a real product or a render?', 'Is the leather real or synthetic?',
    'Is there a human-readable manual?', '已经解决了，谢谢客服', "I'm going to speak to a lawyer about this.",
  ])('ignores a look-alike: %s', (text) => {
    expect(asks(text)).toBe(false);
  });

  it('treats the customer-service department (English) as contact details, below the bar', () => {
    const r = detectHumanRequest('how can I contact customer service?');
    expect(r.requested).toBe(false);
    expect(r.score).toBeGreaterThan(0);
    expect(asks('hi, can I chat with a customer service rep?')).toBe(true);
  });

  it.each(['不用转人工了', '不需要人工，谢谢', "I don't want to talk to an agent", 'no need for a human, thanks'])('honours a negation: %s', (text) => {
    expect(asks(text)).toBe(false);
  });

  it('counts refusing the bot as asking for a person', () => {
    expect(asks("I don't want to talk to a bot anymore")).toBe(true);
    expect(asks('不要自动回复，我要真人')).toBe(true);
  });

  it('returns the matched wording and a score', () => {
    const r = detectHumanRequest('麻烦转一下人工，谢谢');
    expect(r).toEqual({ requested: true, score: 0.9, cue: expect.stringContaining('人工') });
    expect(detectHumanRequest('hello')).toEqual({ requested: false, score: 0 });
  });

  it('accepts extra phrases', () => {
    expect(asks('呼叫小美')).toBe(false);
    expect(asks('呼叫小美', ['呼叫小美'])).toBe(true);
    expect(asks('I want the concierge', ['concierge'])).toBe(true);
  });
});
