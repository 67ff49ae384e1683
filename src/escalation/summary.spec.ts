import { buildHandoffSummary, pickIssue, TranscriptMessage } from './summary';

const transcript: TranscriptMessage[] = [
  { role: 'customer', text: '你好' },
  { role: 'bot', text: '您好，请问有什么可以帮您？' },
  { role: 'customer', text: '我昨天收到的Lumo X1 Pro不充电，订单号是LM202611230001，花了¥2999，手机13812345678' },
  { role: 'bot', text: '请先重新插拔充电座，并清洁充电触点。', sources: [{ id: 'charging-issue', title: '扫地机不充电怎么办' }] },
  { role: 'customer', text: '试过了没用！！三天了还没解决，我要投诉' },
  { role: 'bot', text: '很抱歉给您带来不便。' },
  { role: 'customer', text: '转人工' },
  { role: 'system', text: '正在为您转接人工客服' },
];

describe('buildHandoffSummary', () => {
  const s = buildHandoffSummary({ transcript, reason: 'complaint', language: 'zh', productNames: ['Lumo X1 Pro'] });

  it('has the DESIGN §4 shape', () => {
    expect(Object.keys(s).sort()).toEqual(['botAnswers', 'facts', 'issue', 'language', 'mood', 'reason', 'text']);
    expect(Object.keys(s.facts).sort()).toEqual(['amounts', 'contacts', 'dates', 'orderNumbers', 'products']);
    expect(s.reason).toBe('complaint');
    expect(s.language).toBe('zh');
  });

  it('takes the issue from the customer\'s most informative message, masked', () => {
    expect(s.issue).toContain('Lumo X1 Pro不充电');
    expect(s.issue).toContain('LM202611230001');
    expect(s.issue).not.toContain('13812345678');
    expect([...s.issue].length).toBeLessThanOrEqual(80);
  });

  it('collects facts from the customer side', () => {
    expect(s.facts).toEqual({
      orderNumbers: ['LM202611230001'],
      products: ['Lumo X1 Pro'],
      amounts: ['¥2999'],
      dates: ['昨天'],
      contacts: ['138****5678'],
    });
  });

  it('rates the mood over the whole customer side', () => {
    expect(s.mood).toBe('angry');
  });

  it('keeps the last three bot answers with sources', () => {
    expect(s.botAnswers).toHaveLength(3);
    expect(s.botAnswers[1]).toEqual({ text: '请先重新插拔充电座，并清洁充电触点。', sources: [{ id: 'charging-issue', title: '扫地机不充电怎么办' }] });
    expect(s.botAnswers[2].sources).toEqual([]);
  });

  it('writes a readable Chinese text with the order number and the masked phone, never the raw phone', () => {
    expect(s.text).toContain('原因：客户投诉');
    expect(s.text).toContain('订单号：LM202611230001');
    expect(s.text).toContain('138****5678');
    expect(s.text).toContain('charging-issue');
    expect(s.text).not.toContain('13812345678');
    expect(s.text.split('\n').length).toBeGreaterThan(5);
  });

  it('writes English labels for an English conversation and masks e-mails', () => {
    const en = buildHandoffSummary({
      language: 'en',
      reason: 'human_requested',
      transcript: [
        { role: 'customer', text: 'hi' },
        { role: 'customer', text: 'My order #A12345678 arrived broken yesterday, email me at jane.doe@example.com' },
        { role: 'customer', text: 'talk to a human please' },
      ],
    });
    expect(en.text).toContain('Reason: customer asked for a person');
    expect(en.text).toContain('Order numbers: A12345678');
    expect(en.text).toContain('j***@example.com');
    expect(en.text).not.toContain('jane.doe');
    expect(en.issue).toContain('arrived broken');
    expect(en.mood).toBe('calm');
    expect(en.botAnswers).toEqual([]);
  });

  it('handles a transcript with no customer content', () => {
    const empty = buildHandoffSummary({ transcript: [{ role: 'customer', text: '转人工' }], reason: 'human_requested', language: 'zh' });
    expect(empty.issue).toBe('转人工');
    const none = buildHandoffSummary({ transcript: [], reason: 'low_confidence', language: 'en' });
    expect(none.issue).toBe('');
    expect(none.text).toContain('(the customer did not describe an issue)');
  });
});

describe('pickIssue', () => {
  it('skips greetings and prefers the message with facts', () => {
    expect(pickIssue(['你好在吗', '我想问下我的订单LM202611230001到哪了', '谢谢'])).toBe('我想问下我的订单LM202611230001到哪了');
  });

  it('keeps the key sentence of a long rant within ~80 characters', () => {
    const rant =
      'This is absolutely ridiculous. I have been waiting for ages and ages and nobody tells me anything useful at all. ' +
      'My order LM202611020457 was supposed to arrive on Monday. I want this sorted today.';
    const issue = pickIssue([rant]);
    expect(issue).toContain('LM202611020457');
    expect([...issue].length).toBeLessThanOrEqual(80);
  });
});
