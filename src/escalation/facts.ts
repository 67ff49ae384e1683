/**
 * Facts an agent needs at a glance, pulled from customer messages with patterns (no model):
 * order numbers, products, amounts, dates and contacts. Contacts are always returned masked;
 * `maskContacts` masks phones, e-mail addresses, bank card and Chinese resident ID numbers inside any text: the
 * summary, whatever goes to a model, log lines and (with REDACT_STORED_PII) stored messages. Card and ID numbers are
 * never facts: not order numbers, not contacts.
 *
 * Order numbers: `LM` + 12–16 digits; an alphanumeric code (6–20, with a digit) after
 * 订单号 / 单号 / 订单编号 / order no. / order number / order # / order id; or a bare run of
 * 10–20 digits that is not a phone number. Shipment references (快递单号, tracking number) are
 * kept in the same list — to an agent they are equally "the number to look up".
 */

export interface ExtractedFacts {
  orderNumbers: string[];
  products: string[];
  amounts: string[];
  dates: string[];
  /** masked: 138****5678, j***@example.com */
  contacts: string[];
}

export interface ExtractFactsOptions extends MaskOptions {
  /** Known product names (from the knowledge folder); matched case-insensitively, returned as given. */
  productNames?: string[];
}

export interface MaskOptions {
  /** the shop's own order-number patterns (kefu.yaml): a number they match is an order number, never a card */
  orderPatterns?: RegExp[];
}

/* ---- contacts -------------------------------------------------------------------------------- */
// Chinese mobile (optionally +86, spaces or dashes inside), e.g. 13812345678, +86 138-1234-5678
const CN_MOBILE = /(?<![A-Za-z0-9])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![0-9])/g;
// landline with area code: 010-12345678, 0755 8888 6666
const CN_LANDLINE = /(?<![A-Za-z0-9])0\d{2,3}[\s-]\d{7,8}(?![0-9])/g;
// North-American / international style: +1 415 555 0199, 415-555-0199, (415) 555-0199
const INTL_PHONE = /(?<![A-Za-z0-9])(?:\+\d{1,3}[\s-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![0-9])/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const ORDER_CONTEXT_BEFORE = /(?:订单号?|单号|编号|order\s*(?:no\.?|number|#|id)?|tracking\s*(?:no\.?|number|#)?)\s*(?:是|为|:|：|#)?\s*$/i;

/** 13812345678 → 138****5678; +86 is dropped; another country code is kept: +1 415****0199. */
export function maskPhone(raw: string): string {
  const trimmed = raw.trim();
  const cc = trimmed.match(/^\+(\d{1,3})(?=[\s-(])/)?.[1];
  let digits = trimmed.replace(/\D/g, '');
  let prefix = '';
  if (cc) {
    digits = digits.slice(cc.length);
    if (cc !== '86') prefix = `+${cc} `;
  } else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (digits.length < 7) return raw;
  return `${prefix}${digits.slice(0, 3)}${'*'.repeat(Math.max(4, digits.length - 7))}${digits.slice(-4)}`;
}

export function maskEmail(raw: string): string {
  const at = raw.indexOf('@');
  if (at <= 0) return raw;
  return `${raw[0]}***${raw.slice(at)}`;
}

interface Span {
  start: number;
  end: number;
  masked: string;
  /** a card or ID number: masked like a contact, but not a contact fact */
  secret?: boolean;
}

/* ---- card and resident ID numbers -------------------------------------------------------------- */
// 18-character Chinese resident ID: region, birth date, sequence, check character
const CN_RESIDENT_ID = /(?<![A-Za-z0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![A-Za-z0-9])/g;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
// 13–19 digits, optionally in groups split by spaces or dashes (6222 0212 3456 7894)
const CARD_NUMBER = /(?<![A-Za-z0-9])\d(?:[ -]?\d){12,18}(?![A-Za-z0-9])/g;
// UnionPay 62, Visa 4, Mastercard 51–55 / 2221–2720, Amex 34 / 37, JCB 35, Discover 6011 / 644–649 / 65, Diners 36
const CARD_ISSUER = /^(?:62|4|5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720|3[4-7]|6011|64[4-9]|65)/;
const CARD_CONTEXT_BEFORE = /(?:卡号|银行卡|信用卡|储蓄卡|借记卡|card)[^\d]{0,12}$/i;

export function isResidentIdNumber(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  const sum = ID_WEIGHTS.reduce((total, weight, i) => total + weight * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17].toUpperCase();
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** PCI DSS 3.3: at most the first 6 and last 4 digits of a card stay readable. */
export function maskCardNumber(digits: string): string {
  return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;
}

export function maskResidentId(id: string): string {
  return `${id.slice(0, 3)}${'*'.repeat(11)}${id.slice(-4)}`;
}

function secretSpans(text: string, options: MaskOptions): Span[] {
  const spans: Span[] = [];
  const isOrderNumber = (value: string, start: number) =>
    (options.orderPatterns ?? []).some((pattern) => new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace(/[gy]/g, '')).test(value)) ||
    ORDER_CONTEXT_BEFORE.test(text.slice(Math.max(0, start - 16), start));
  for (const m of text.matchAll(CN_RESIDENT_ID)) {
    const start = m.index ?? 0;
    if (!isResidentIdNumber(m[0]) || isOrderNumber(m[0], start)) continue;
    spans.push({ start, end: start + m[0].length, masked: maskResidentId(m[0]), secret: true });
  }
  for (const m of text.matchAll(CARD_NUMBER)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const digits = m[0].replace(/\D/g, '');
    if (spans.some((x) => start < x.end && end > x.start) || !passesLuhn(digits) || isOrderNumber(digits, start) || isOrderNumber(m[0], start)) continue;
    // Luhn alone also holds for about one in ten long order numbers: it takes an issuer prefix or the word "card"
    if (!CARD_ISSUER.test(digits) && !CARD_CONTEXT_BEFORE.test(text.slice(Math.max(0, start - 20), start))) continue;
    spans.push({ start, end, masked: maskCardNumber(digits), secret: true });
  }
  return spans;
}

function contactSpans(text: string, options: MaskOptions = {}): Span[] {
  const spans: Span[] = secretSpans(text, options);
  const overlaps = (s: number, e: number): boolean => spans.some((x) => s < x.end && e > x.start);
  for (const m of text.matchAll(EMAIL)) {
    if (overlaps(m.index ?? 0, (m.index ?? 0) + m[0].length)) continue;
    spans.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, masked: maskEmail(m[0]) });
  }
  for (const re of [CN_MOBILE, INTL_PHONE, CN_LANDLINE]) {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (overlaps(start, end)) continue;
      // a number typed right after "订单号" / "order #" is an order number, not a phone
      if (ORDER_CONTEXT_BEFORE.test(text.slice(Math.max(0, start - 16), start))) continue;
      spans.push({ start, end, masked: maskPhone(m[0]) });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** Replace phone numbers, e-mail addresses, card and resident ID numbers in `text` with masked forms. */
export function maskContacts(text: string, options: MaskOptions = {}): string {
  let out = '';
  let pos = 0;
  for (const s of contactSpans(text, options)) {
    out += text.slice(pos, s.start) + s.masked;
    pos = s.end;
  }
  return out + text.slice(pos);
}

/* ---- order numbers --------------------------------------------------------------------------- */
const LM_ORDER = /(?<![A-Za-z0-9])LM\d{12,16}(?![0-9])/gi;
const KEYWORD_ORDER = /(?:订单编号|订单号码|订单号|运单号|快递单号|物流单号|单号|order\s*(?:no\.?(?![a-z])|number|num(?![a-z])|#|id(?![a-z]))|order\s*(?=[#:：])|tracking\s*(?:no\.?(?![a-z])|number|#|id(?![a-z]))?)\s*(?:是|为|:|：|#|is(?![a-z]))?\s*#?\s*([A-Za-z0-9-]{6,20})(?![A-Za-z0-9])/gi;
const BARE_DIGITS = /(?<![A-Za-z0-9])\d{10,20}(?![0-9])/g;

function isPhoneLike(digits: string): boolean {
  return /^1[3-9]\d{9}$/.test(digits) || /^861[3-9]\d{9}$/.test(digits);
}

/* ---- amounts --------------------------------------------------------------------------------- */
const ZH_NUMERAL = '[零一二两三四五六七八九十百千万]+';
const AMOUNT_PATTERNS: RegExp[] = [
  /[¥￥$€£]\s?\d+(?:,\d{3})*(?:\.\d{1,2})?/g,
  /(?:RMB|CNY|USD|EUR|HKD)\s?\d+(?:,\d{3})*(?:\.\d{1,2})?/gi,
  /\d+(?:,\d{3})*(?:\.\d{1,2})?\s?(?:元|块钱|块(?!电池|屏|板|布|砖|表|地毯|滤网|海绵)|RMB|CNY|USD|EUR|HKD|dollars?|bucks|yuan)(?![A-Za-z])/gi,
  new RegExp(`${ZH_NUMERAL}(?:元|块钱|块(?!电池|屏|板|布|砖|表|地毯|滤网|海绵))`, 'g'),
];

/* ---- dates ----------------------------------------------------------------------------------- */
const EN_MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DATE_PATTERNS: RegExp[] = [
  /(?<!\d)\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)/g,
  /(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]/g,
  /(?:\d{4}年)?\d{1,2}月(?:初|中|底|末|份)/g,
  new RegExp(`\\b${EN_MONTH}\\.? \\d{1,2}(?:st|nd|rd|th)?(?:,? \\d{4})?\\b`, 'gi'),
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)? (?:of )?${EN_MONTH}(?: \\d{4})?\\b`, 'gi'),
  /大前天|前天|昨天|昨晚|今天|今早|今晚|明天|后天|上周[一二三四五六日天末]?|上个?星期[一二三四五六日天]?|上个?礼拜[一二三四五六日天]?|上个月|这周[一二三四五六日天末]?|本周|周[一二三四五六日末]|星期[一二三四五六日天]|双十一|双11|双十二|(?<!\d)618(?!\d)|[0-9一二两三四五六七八九十几半]+(?:个)?(?:天|周|星期|礼拜|月|小时)(?:前|以前|之前)/g,
  /\b(?:the day before yesterday|yesterday|today|tonight|this morning|tomorrow|last (?:week|month|night|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|this (?:week|weekend)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:\d+|a|one|two|three|four|five|six|seven|ten|a few|several) (?:days?|weeks?|months?|hours?) ago|black friday|singles'? day)\b/gi,
];

/* ---- products -------------------------------------------------------------------------------- */
// a capitalised brand followed by a model code: "Lumo X1", "Lumo X1 Pro", "Lumo S2", "Lumo Buds 2"
const PRODUCT_PATTERN = /\b([A-Z][a-z]{2,})\s+((?:[A-Z][a-z]+\s+)?[A-Z]{0,3}\d{1,4}[A-Za-z]?)(?:\s+(Pro|Max|Plus|Mini|Lite|Ultra|Air|SE))?(?![A-Za-z0-9])/g;
const NOT_BRANDS = new Set(['Order', 'Tracking', 'Invoice', 'Ticket', 'Case', 'Number', 'Item', 'Room', 'Step', 'Page', 'Model', 'Version', 'Windows', 'Android', 'Day', 'Week', 'Since', 'About', 'Only', 'Over', 'Under', 'After', 'Before', 'From', 'Until', 'Building', 'Floor', 'Unit', 'Apt', 'Street', 'Road', 'Gate', 'Door', 'Level',
  'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec', 'January', 'February', 'March',
  'April', 'June', 'July', 'August', 'September', 'October', 'November', 'December', 'Monday', 'Tuesday', 'Wednesday',
  'Thursday', 'Friday', 'Saturday', 'Sunday', 'Black', 'Singles', 'Christmas', 'Top', 'Last', 'Next', 'Every', 'Around']);

function pushUnique(list: string[], value: string): void {
  const v = value.trim();
  if (!v) return;
  if (!list.some((x) => x.toLowerCase() === v.toLowerCase())) list.push(v);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function extractFacts(texts: string[], options: ExtractFactsOptions = {}): ExtractedFacts {
  const facts: ExtractedFacts = { orderNumbers: [], products: [], amounts: [], dates: [], contacts: [] };

  for (const original of texts) {
    if (!original) continue;
    const text = original.normalize('NFKC');

    // contacts first: their digits must not be read as order numbers or amounts
    const contacts = contactSpans(text, options);
    for (const s of contacts) if (!s.secret) pushUnique(facts.contacts, s.masked);
    const inContact = (start: number, end: number): boolean => contacts.some((s) => start < s.end && end > s.start);

    // order numbers
    const orderSpans: Array<[number, number]> = [];
    for (const re of options.orderPatterns ?? []) {
      for (const m of text.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`))) {
        const start = m.index ?? 0;
        if (!m[0] || orderSpans.some(([s, e]) => start < e && start + m[0].length > s)) continue;
        pushUnique(facts.orderNumbers, m[0]);
        orderSpans.push([start, start + m[0].length]);
      }
    }
    for (const m of text.matchAll(LM_ORDER)) {
      pushUnique(facts.orderNumbers, m[0].toUpperCase());
      orderSpans.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
    }
    for (const m of text.matchAll(KEYWORD_ORDER)) {
      const code = m[1].replace(/-+$/, '');
      if (!/\d/.test(code)) continue;
      const start = (m.index ?? 0) + m[0].length - m[1].length;
      if (inContact(start, start + m[1].length)) continue;
      pushUnique(facts.orderNumbers, /^lm\d+$/i.test(code) ? code.toUpperCase() : code);
      orderSpans.push([start, start + m[1].length]);
    }
    for (const m of text.matchAll(BARE_DIGITS)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (isPhoneLike(m[0]) || inContact(start, end)) continue;
      if (orderSpans.some(([s, e]) => start < e && end > s)) continue;
      pushUnique(facts.orderNumbers, m[0]);
      orderSpans.push([start, end]);
    }
    const inOrder = (start: number, end: number): boolean => orderSpans.some(([s, e]) => start < e && end > s);

    // amounts
    for (const re of AMOUNT_PATTERNS) {
      for (const m of text.matchAll(re)) {
        const start = m.index ?? 0;
        if (inOrder(start, start + m[0].length) || inContact(start, start + m[0].length)) continue;
        pushUnique(facts.amounts, m[0].replace(/\s+/g, ' '));
      }
    }

    // dates (keep the phrase as typed)
    for (const re of DATE_PATTERNS) {
      for (const m of text.matchAll(re)) {
        const start = m.index ?? 0;
        if (inOrder(start, start + m[0].length)) continue;
        pushUnique(facts.dates, m[0]);
      }
    }

    // products: configured names first, then Brand + model code
    for (const name of options.productNames ?? []) {
      if (!name.trim()) continue;
      const re = /^[A-Za-z0-9]/.test(name)
        ? new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(name)}(?![A-Za-z0-9])`, 'i')
        : new RegExp(escapeRegExp(name));
      if (re.test(text)) pushUnique(facts.products, name);
    }
    for (const m of text.matchAll(PRODUCT_PATTERN)) {
      if (NOT_BRANDS.has(m[1])) continue;
      const start = m.index ?? 0;
      if (inOrder(start, start + m[0].length)) continue;
      const candidate = m[0].trim();
      // skip if a configured name already covers it ("Lumo X1 Pro" vs pattern "Lumo X1 Pro")
      if (facts.products.some((p) => p.toLowerCase().includes(candidate.toLowerCase()))) continue;
      pushUnique(facts.products, candidate);
    }
  }
  return facts;
}
