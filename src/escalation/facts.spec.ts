import { extractFacts, isResidentIdNumber, maskCardNumber, maskContacts, maskEmail, maskPhone, maskResidentId, passesLuhn } from './facts';

describe('extractFacts', () => {
  it('finds an order number typed after 订单号', () => {
    expect(extractFacts(['订单号是LM202611230001']).orderNumbers).toEqual(['LM202611230001']);
    expect(extractFacts(['订单号：A2026X11']).orderNumbers).toEqual(['A2026X11']);
  });

  it('finds "order #A12345678" and other English forms', () => {
    expect(extractFacts(['order #A12345678 please']).orderNumbers).toEqual(['A12345678']);
    expect(extractFacts(['my order number is 88812345']).orderNumbers).toEqual(['88812345']);
    expect(extractFacts(['Third time asking: where is order LM202611020457?']).orderNumbers).toEqual(['LM202611020457']);
  });

  it('takes long bare digit strings but not phone numbers', () => {
    const f = extractFacts(['单 20261123123456789，电话13812345678']);
    expect(f.orderNumbers).toEqual(['20261123123456789']);
    expect(f.contacts).toEqual(['138****5678']);
  });

  it('reads a phone-like number right after 订单号 as an order number', () => {
    const f = extractFacts(['订单号13812345678']);
    expect(f.orderNumbers).toEqual(['13812345678']);
    expect(f.contacts).toEqual([]);
  });

  it('does not invent order numbers from short numbers or words', () => {
    expect(extractFacts(['I ordered 2 units, order now', 'tracking page is broken']).orderNumbers).toEqual([]);
  });

  it('extracts amounts in their written form', () => {
    const f = extractFacts(['花了¥99，另一单99元', '199.00 RMB or $20', '退了二百块', 'RMB 1,299.50']);
    expect(f.amounts).toEqual(expect.arrayContaining(['¥99', '99元', '199.00 RMB', '$20', '二百块', 'RMB 1,299.50']));
    expect(extractFacts(['买了2块电池']).amounts).toEqual([]);
  });

  it('keeps date phrases as typed', () => {
    const f = extractFacts(['2026-11-20 下的单，11月20日发货', '昨天到的', 'I ordered it last week', 'arrived yesterday', '三天前申请的']);
    expect(f.dates).toEqual(expect.arrayContaining(['2026-11-20', '11月20日', '昨天', 'last week', 'yesterday', '三天前']));
  });

  it('masks contacts', () => {
    const f = extractFacts(['手机13812345678，邮箱 jane.doe@example.com', 'call me at +1 415-555-0199']);
    expect(f.contacts).toEqual(['138****5678', 'j***@example.com', '+1 415****0199']);
    expect(JSON.stringify(f)).not.toContain('13812345678');
    expect(JSON.stringify(f)).not.toContain('jane.doe');
  });

  it('finds products from the configured list and from Brand + model patterns', () => {
    const f = extractFacts(['我的lumo x1 pro坏了', 'also the Lumo Buds 2 and a Lumo S2'], { productNames: ['Lumo X1 Pro', '小净净化器'] });
    expect(f.products).toEqual(['Lumo X1 Pro', 'Lumo Buds 2', 'Lumo S2']);
    expect(extractFacts(['Order 12345678 placed on Nov 20']).products).toEqual([]);
  });

  it('returns empty lists for nothing', () => {
    expect(extractFacts([])).toEqual({ orderNumbers: [], products: [], amounts: [], dates: [], contacts: [] });
  });
});

describe('maskContacts', () => {
  it('masks Chinese mobiles in any format and e-mails', () => {
    expect(maskContacts('电话13812345678或138-1234-5678或+86 138 1234 5678，邮件j@x.cn')).toBe(
      '电话138****5678或138****5678或138****5678，邮件j***@x.cn',
    );
  });

  it('leaves order numbers and prices alone', () => {
    const text = '订单号是LM202611230001，¥2999，单号20261123123456789';
    expect(maskContacts(text)).toBe(text);
  });

  it('has helpers for single values', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskEmail('john@example.com')).toBe('j***@example.com');
  });
});

describe('card and resident ID numbers', () => {
  const issueExample = '身份证号 11010519491231002X，银行卡号 6222021234567894';

  it('detects them (ID check digit; Luhn with an issuer prefix or the word card), masks them, and never files them as order numbers', () => {
    const facts = extractFacts([issueExample]);
    expect(facts.orderNumbers).toEqual([]);
    expect(facts.contacts).toEqual([]);
    expect(maskContacts(issueExample)).toBe('身份证号 110***********002X，银行卡号 622202******7894');
    expect(maskContacts('my card is 4111 1111 1111 1111, thanks')).toBe('my card is 411111******1111, thanks');
    expect(maskContacts('卡号：6011-0009-9013-9424')).toBe('卡号：601100******9424');
  });

  it('keeps numbers that fail the checks: wrong ID check digit, Luhn without prefix or card word', () => {
    expect(isResidentIdNumber('110105194912310021')).toBe(false);
    expect(maskContacts('110105194912310021')).toBe('110105194912310021');
    // passes Luhn, no card issuer prefix, no card word: a long shop order number
    expect(passesLuhn('8000000000000003')).toBe(true);
    expect(maskContacts('8000000000000003')).toBe('8000000000000003');
    expect(extractFacts(['8000000000000003']).orderNumbers).toEqual(['8000000000000003']);
    // the same number after "card" is a card
    expect(maskContacts('card 8000000000000003')).toBe('card 800000******0003');
    // a Visa-prefixed number failing Luhn stays an order number
    expect(extractFacts(['4111111111111112']).orderNumbers).toEqual(['4111111111111112']);
  });

  it('lets an order number typed after 订单号, or matching the shop’s own patterns, win over card detection', () => {
    expect(extractFacts(['订单号 6222021234567894']).orderNumbers).toEqual(['6222021234567894']);
    expect(maskContacts('订单号 6222021234567894')).toBe('订单号 6222021234567894');
    const orderPatterns = [/62\d{14}/];
    expect(maskContacts('6222021234567894', { orderPatterns })).toBe('6222021234567894');
    expect(extractFacts(['我的单 6222021234567894 没到'], { orderPatterns }).orderNumbers).toEqual(['6222021234567894']);
    expect(maskContacts('6222021234567894')).toBe('622202******7894');
  });

  it('masks at most the first 6 and last 4 digits of a card', () => {
    expect(maskCardNumber('6222021234567894123')).toBe('622202*********4123');
    expect(maskResidentId('11010519491231002X')).toBe('110***********002X');
  });
});
