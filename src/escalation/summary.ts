/**
 * The offline handoff summary an agent receives with `conversation:assigned` (DESIGN §4):
 * `{ issue, reason, mood, language, facts, botAnswers, text }`. Built from the transcript with
 * rules only; a model-written summary can replace `issue`/`text` later, keeping the shape.
 *
 *  - issue: one line in the customer's own words: the most informative customer message
 *    (greetings, thanks and bare "转人工" dropped; messages carrying facts preferred; longer
 *    content preferred, a Chinese character counting as two letters), its key sentence when the
 *    message is long, trimmed to ~80 characters, contacts masked;
 *  - mood: the most severe mood across the customer's messages;
 *  - facts: extractFacts over all customer messages (contacts masked);
 *  - botAnswers: the last three bot messages with their sources;
 *  - text: the whole summary, labels in the conversation's language, contacts masked.
 */
import { EscalationReason } from './escalation-policy';
import { extractFacts, ExtractedFacts, maskContacts } from './facts';
import { detectHumanRequest } from './human-request';
import { detectMood, Mood } from './mood';
import { contentWeight, normalizeText } from './text';

export interface TranscriptSource {
  id: string;
  title: string;
}

export interface TranscriptMessage {
  role: 'customer' | 'bot' | 'agent' | 'system';
  text: string;
  sources?: TranscriptSource[];
}

export interface HandoffSummaryInput {
  transcript: TranscriptMessage[];
  reason: EscalationReason;
  language: 'zh' | 'en';
  productNames?: string[];
  extraComplaintPhrases?: string[];
  /** kefu.yaml `order_numbers`: the shop's own order-number patterns, which win over card detection */
  orderPatterns?: RegExp[];
}

export interface HandoffSummary {
  issue: string;
  reason: EscalationReason;
  mood: Mood;
  language: 'zh' | 'en';
  facts: ExtractedFacts;
  botAnswers: Array<{ text: string; sources: TranscriptSource[] }>;
  text: string;
}

export const ISSUE_MAX_CHARS = 80;
const MAX_BOT_ANSWERS = 3;

const LABELS = {
  zh: {
    title: '【转人工摘要】',
    reason: '原因',
    mood: '情绪',
    issue: '问题',
    orderNumbers: '订单号',
    products: '商品',
    amounts: '金额',
    dates: '日期',
    contacts: '联系方式',
    botAnswers: '机器人已回复',
    sources: '来源',
    none: '（无）',
    noIssue: '（客户未描述具体问题）',
    reasons: {
      human_requested: '客户要求人工',
      complaint: '客户投诉 / 不满',
      low_confidence: '机器人多次无法回答',
      handoff_entry: '该问题需人工处理（FAQ 标记 handoff）',
      negative_feedback: '客户对机器人回答点了踩',
      repeated_question: '客户重复提问',
    },
    moods: { calm: '平静', frustrated: '不耐烦', angry: '愤怒' },
  },
  en: {
    title: 'Handoff summary',
    reason: 'Reason',
    mood: 'Mood',
    issue: 'Issue',
    orderNumbers: 'Order numbers',
    products: 'Products',
    amounts: 'Amounts',
    dates: 'Dates',
    contacts: 'Contacts',
    botAnswers: 'Bot already answered',
    sources: 'sources',
    none: '(none)',
    noIssue: '(the customer did not describe an issue)',
    reasons: {
      human_requested: 'customer asked for a person',
      complaint: 'complaint / unhappy customer',
      low_confidence: 'the bot could not answer several times',
      handoff_entry: 'topic needs a person (FAQ entry marked handoff)',
      negative_feedback: 'customer rated a bot answer down',
      repeated_question: 'customer asked the same question again',
    },
    moods: { calm: 'calm', frustrated: 'frustrated', angry: 'angry' },
  },
} as const;

/** A masked phone (138****5678, +1 415****0199) or e-mail (j***@example.com) as written by maskContacts. */
const MASKED_CONTACT = /(?:\+\d{1,3} )?\d{3}\*{4,}\d{4}|[^\s@]\*{3}@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

const MOOD_RANK: Record<Mood, number> = { calm: 0, frustrated: 1, angry: 2 };

/** Greetings, thanks, acknowledgements and "I want a person" carry no issue. */
const FILLER =
  /(?:^|[\s,，。.!！?？~])(?:你好|您好|哈喽|嗨|在吗|在不在|有人吗|谢谢你?|多谢|感谢|好的|嗯+|哦|麻烦了|请问|亲|hi|hello|hey|hiya|good (?:morning|afternoon|evening)|thanks?(?: you)?(?: so much)?|thx|please|ok(?:ay)?|excuse me)(?=$|[\s,，。.!！?？~])/gi;

function stripFiller(text: string): string {
  let s = normalizeText(text);
  for (let i = 0; i < 3; i++) s = s.replace(FILLER, ' ');
  return s.replace(/\s+/g, ' ').trim();
}

function hasFacts(f: ExtractedFacts): boolean {
  return f.orderNumbers.length + f.products.length + f.amounts.length + f.dates.length > 0;
}

/** Score a customer message as the carrier of the issue. */
function informativeness(text: string, productNames: string[] | undefined): number {
  const content = stripFiller(text);
  if (!content) return 0;
  const human = detectHumanRequest(text);
  let score = contentWeight(content);
  // a message that is mostly "转人工 / talk to a human" says little about the problem
  if (human.requested && contentWeight(content) <= 24) score *= 0.2;
  if (hasFacts(extractFacts([text], { productNames }))) score += 30;
  return score;
}

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[。！？；\n])\s*|(?<=[!?.;])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function trimTo(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** The customer's key sentence, one line, ≤ ISSUE_MAX_CHARS, contacts masked. */
export function pickIssue(customerTexts: string[], productNames?: string[], orderPatterns?: RegExp[]): string {
  let best = '';
  let bestScore = 0;
  for (const t of customerTexts) {
    const s = informativeness(t, productNames);
    if (s > bestScore) {
      best = t;
      bestScore = s;
    }
  }
  if (!best) return '';
  let line = best.replace(/\s+/g, ' ').trim();
  if ([...line].length > ISSUE_MAX_CHARS) {
    // contacts are listed separately: drop clauses that only give a phone number or an e-mail
    line = line
      .split(/(?<=[，,])\s*/)
      .filter((clause) => {
        const masked = maskContacts(clause);
        const withoutContacts = masked.replace(MASKED_CONTACT, '');
        return withoutContacts === masked || contentWeight(withoutContacts) >= 10;
      })
      .join('')
      .replace(/[，,]\s*$/, '');
  }
  if ([...line].length > ISSUE_MAX_CHARS) {
    // keep the most informative sentence(s), in their original order, within the limit
    const sentences = splitSentences(line);
    const ranked = sentences
      .map((s, i) => ({ s, i, score: informativeness(s, productNames) }))
      .sort((a, b) => b.score - a.score);
    const chosen: typeof ranked = [];
    let length = 0;
    for (const r of ranked) {
      if (chosen.length > 0 && length + [...r.s].length > ISSUE_MAX_CHARS) continue;
      chosen.push(r);
      length += [...r.s].length + 1;
    }
    line = chosen
      .sort((a, b) => a.i - b.i)
      .map((r) => r.s)
      .join(' ');
  }
  return trimTo(maskContacts(line, { orderPatterns }), ISSUE_MAX_CHARS);
}

export function buildHandoffSummary(input: HandoffSummaryInput): HandoffSummary {
  const { transcript, reason, language, productNames, orderPatterns } = input;
  const labels = LABELS[language];
  const customerTexts = transcript.filter((m) => m.role === 'customer').map((m) => m.text ?? '');

  let mood: Mood = 'calm';
  for (const t of customerTexts) {
    const m = detectMood(t, { extraComplaintPhrases: input.extraComplaintPhrases }).mood;
    if (MOOD_RANK[m] > MOOD_RANK[mood]) mood = m;
  }

  const facts = extractFacts(customerTexts, { productNames, orderPatterns });
  const botAnswers = transcript
    .filter((m) => m.role === 'bot' && m.text && m.text.trim())
    .slice(-MAX_BOT_ANSWERS)
    .map((m) => ({ text: maskContacts(m.text), sources: (m.sources ?? []).map((s) => ({ id: s.id, title: s.title })) }));
  const issue = pickIssue(customerTexts, productNames, orderPatterns);

  const list = (xs: string[]): string => (xs.length ? xs.join(language === 'zh' ? '、' : ', ') : labels.none);
  const sep = language === 'zh' ? '：' : ': ';
  const lines: string[] = [
    labels.title,
    `${labels.reason}${sep}${labels.reasons[reason]}`,
    `${labels.mood}${sep}${labels.moods[mood]}`,
    `${labels.issue}${sep}${issue || labels.noIssue}`,
  ];
  const factLines: Array<[string, string[]]> = [
    [labels.orderNumbers, facts.orderNumbers],
    [labels.products, facts.products],
    [labels.amounts, facts.amounts],
    [labels.dates, facts.dates],
    [labels.contacts, facts.contacts],
  ];
  for (const [label, values] of factLines) if (values.length) lines.push(`${label}${sep}${list(values)}`);
  if (botAnswers.length) {
    lines.push(`${labels.botAnswers}${sep}`);
    botAnswers.forEach((a, i) => {
      const src = a.sources.length ? ` (${labels.sources}: ${a.sources.map((s) => `${s.id} ${s.title}`).join('; ')})` : '';
      lines.push(`  ${i + 1}. ${trimTo(a.text.replace(/\s+/g, ' ').trim(), 120)}${src}`);
    });
  }

  return { issue, reason, mood, language, facts, botAnswers, text: maskContacts(lines.join('\n'), { orderPatterns }) };
}
