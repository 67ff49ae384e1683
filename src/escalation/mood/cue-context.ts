/** What around a cue changes how much it counts: negation, hypotheticals, hedges, phishing reports, intensity. */
import { normalizeForMatching } from '../text';
import { c, Cue } from './cue';

/** Acronyms and codes that are written in capitals without shouting. */
const NOT_SHOUTING = new Set([
  'SKU', 'USB', 'LED', 'UPS', 'DHL', 'FAQ', 'PDF', 'VAT', 'RMB', 'CNY', 'USD', 'EMS', 'APP', 'WIFI', 'BBB',
  'FTC', 'HDMI', 'OK', 'ID', 'TV', 'AI', 'SMS', 'GPS', 'LCD', 'MAX', 'PRO', 'PLUS', 'ASAP', 'FYI', 'DOA',
  'FEDEX', 'USPS', 'SF', 'JD', 'PIN', 'OTP', 'IOS', 'HEPA', 'ETA', 'COD', 'EU', 'UK', 'USA', 'AM', 'PM',
]);

export const PHISHING = /冒充|假冒(?:你们|客服|官方)|钓鱼|诈骗(?:短信|电话)|骗子(?:短信|电话|网站)|phishing|impersonat\w*|pretend(?:ing|s)? to be|fake (?:text|sms|email|call|website|site|message)/;

/** "如果不满意可以退吗", "if I'm not happy with it…": a hypothetical is not a complaint. */
const ZH_HYPOTHETICAL = /(?:如果|假如|要是|万一|若是|若|假设|是否)[^，。,.!?;；]{0,4}$/;
const EN_HYPOTHETICAL = /\b(?:if|in case|whether|suppose|what if)\b(?:\s+\S+){0,3}$/;
/** "有点失望", "a bit disappointed": hedged mild negativity counts half. */
export const HEDGE = /(?:有点|有一点|有些|稍微|略微|a bit|a little|slightly|kind of|kinda|somewhat|a tad)\s*$/;
/** "投诉建议邮箱", "suggest a feature": the complaint channel used for a suggestion. */
export const SUGGESTION = /建议|意见箱|改进|suggest|suggestion|feature request|idea for|feedback about a feature/;

const ZH_NEGATION = /(?:不是|不想|不要|不会|不用|不打算|不需要|不算|没有|没想|没打算|无意|并非|并不是|没啥|没什么|没有什么|无|没(?:让|叫|令)(?:我|人))[^，。,.!?;；]{0,3}$/;
const EN_NEGATION = /\b(?:not|no|never|without|nothing|isn'?t|aren'?t|wasn'?t|weren'?t|don'?t|doesn'?t|didn'?t|won'?t|hardly|zero)\b(?:\s+\S+){0,3}$/;

export function clauseBefore(text: string, index: number): string {
  const before = text.slice(Math.max(0, index - 30), index);
  // Only look inside the current clause.
  return (before.split(/[，。,.!?;；!？]/).pop() ?? '').trimEnd();
}

export function isNegated(text: string, index: number, cjkCue: boolean): boolean {
  const clause = clauseBefore(text, index);
  return cjkCue ? ZH_NEGATION.test(clause) || ZH_HYPOTHETICAL.test(clause) : EN_NEGATION.test(clause) || EN_HYPOTHETICAL.test(clause);
}

export function intensityCues(raw: string, normalized: string): Array<{ label: string; weight: number }> {
  const out: Array<{ label: string; weight: number }> = [];
  // repeated punctuation (after NFKC full-width ！？ are ASCII)
  const bang = normalized.match(/!{2,}/g);
  const ques = normalized.match(/\?{2,}/g);
  const mixed = /\?!|!\?/.test(normalized);
  let punct = 0;
  let punctLabel = '';
  for (const run of [...(bang ?? []), ...(ques ?? [])]) {
    const w = run.length >= 3 ? 0.4 : 0.3;
    if (w > punct) { punct = w; punctLabel = run; }
  }
  if (mixed && punct < 0.3) { punct = 0.3; punctLabel = '?!'; }
  if (punct > 0) out.push({ label: punctLabel, weight: punct });

  // shouting: words in capitals that are not acronyms
  const nfkc = raw.normalize('NFKC');
  const words = nfkc.match(/\b[A-Za-z]{2,}\b/g) ?? [];
  const caps = words.filter((w) => w.length >= 3 && w === w.toUpperCase() && !NOT_SHOUTING.has(w));
  if (caps.length > 0) {
    const allCaps = words.length >= 3 && caps.length / words.length >= 0.8;
    const w = allCaps || caps.length >= 2 ? 0.45 : caps.some((x) => x.length >= 4) ? 0.3 : 0.2;
    out.push({ label: caps.slice(0, 3).join(' '), weight: w });
  }

  const emoji = raw.match(ANGRY_EMOJI);
  if (emoji) out.push({ label: emoji[0], weight: 0.35 });

  // stretched letters (sooooo) and repeated Chinese phrases (差评差评差评, 等等等, 钱呢？？钱呢)
  const stretched = normalized.match(/([a-z])\1{3,}/);
  if (stretched) out.push({ label: stretched[0], weight: 0.2 });
  const zhRepeat = normalized.match(/([\u4e00-\u9fff]{2,4})[\s,，!！?？]*\1/) ?? normalized.match(/([\u4e00-\u9fff])\1{2,}/);
  if (zhRepeat && !/^[哈嘻嘿呵嗯哦]+$/.test(zhRepeat[1])) out.push({ label: zhRepeat[0], weight: 0.25 });
  return out;
}

/** Angry or contemptuous emoji: 😠 😡 😤 🤬 💢 🖕 👎 🙄 😒 🤮. */
export const ANGRY_EMOJI = /[\u{1F620}\u{1F621}\u{1F624}\u{1F92C}\u{1F4A2}\u{1F595}\u{1F44E}\u{1F644}\u{1F612}\u{1F92E}]/u;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** kefu.yaml's phrases change with the folder, not per message: their cues are compiled once per list. */
const customCueCache = new Map<string, Cue[]>();

export function customCues(phrases: string[] | undefined): Cue[] {
  if (!phrases?.length) return [];
  const key = phrases.join('\u0000');
  let cues = customCueCache.get(key);
  if (!cues) {
    if (customCueCache.size >= 16) customCueCache.clear();
    cues = phrases
      .map((p) => normalizeForMatching(p))
      .filter((p) => p.length > 0)
      .map((p) => c('custom', 0.8, new RegExp(/^[a-z0-9]/.test(p) ? `\\b${escapeRegExp(p)}\\b` : escapeRegExp(p)), { negatable: true }));
    customCueCache.set(key, cues);
  }
  return cues;
}

/** The sentence (between . ! ? 。！？ or line breaks) around `index`, with its closing mark. */
export function sentenceAt(text: string, index: number): string {
  let start = index;
  while (start > 0 && !/[.!?。！？\n]/.test(text[start - 1])) start--;
  let end = index;
  while (end < text.length && !/[.!?。！？\n]/.test(text[end])) end++;
  while (end < text.length && /[.!?。！？]/.test(text[end])) end++;
  return text.slice(start, end).trim();
}

