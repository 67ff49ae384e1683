import { ANGRY_EMOJI } from '../escalation';
import type { Lang } from '../knowledge/knowledge.types';

export type SmallTalkKind = 'greeting' | 'thanks' | 'goodbye' | 'acknowledgement' | 'upset' | 'puzzled';

const PATTERNS: Array<{ kind: SmallTalkKind; pattern: RegExp }> = [
  { kind: 'greeting', pattern: /^(你好|您好|嗨|哈喽|哈啰|在吗|在不在|有人吗|早上好|下午好|晚上好|早|hi|hello|hey|hiya|good (morning|afternoon|evening)|anyone there|is anyone there)$/ },
  { kind: 'thanks', pattern: /^(谢谢|多谢|感谢|谢了|谢谢你|谢谢您|thanks?( a lot| so much)?( you)?|thank you( very much| so much)?|thx|ty|cheers|great thanks)$/ },
  { kind: 'goodbye', pattern: /^(再见|拜拜|拜|回头见|bye|goodbye|bye bye|see you|see ya)$/ },
  { kind: 'acknowledgement', pattern: /^(好的|好|好吧|嗯|嗯嗯|哦|噢|知道了|明白了|收到|行|可以|ok|okay|k|got it|i see|alright|sure|cool|great|perfect)$/ },
];

/** Disappointed or sad emoji (😞 😢 😭 💔): with the angry ones, not a thumbs-up. */
const SAD_EMOJI = /[\u{1F61E}\u{1F622}\u{1F62D}\u{1F494}]/u;
const ONLY_QUESTION_MARKS = /^[?？\s]+$/;

const LEADING_PLEASANTRIES = /^(你好|您好|嗨|哈喽|在吗|hi|hello|hey|good (morning|afternoon|evening))[\s,，!！.。~～]*/i;

const REPLIES: Record<SmallTalkKind, Record<Lang, string>> = {
  greeting: { zh: '您好！请问有什么可以帮您？', en: 'Hello! How can I help you today?' },
  thanks: { zh: '不客气，还有其他问题随时问我。', en: "You're welcome! Anything else I can help with?" },
  goodbye: { zh: '感谢您的咨询，祝您生活愉快，再见！', en: 'Thanks for chatting with us. Goodbye!' },
  acknowledgement: { zh: '好的，还有其他需要帮忙的吗？', en: 'Great — is there anything else I can help with?' },
  upset: { zh: '很抱歉给您带来不好的体验。能说说遇到了什么问题吗？我会尽力帮您解决，也可以回复“人工”联系客服同事。', en: "I'm sorry something went wrong. Can you tell me what happened? I'll do my best to help, or type \"agent\" to reach a member of our team." },
  puzzled: { zh: '请问您想咨询什么问题？直接描述就好，比如订单、物流、退换货、保修或发票。', en: 'What would you like to ask? Just describe it, for example an order, delivery, a return, warranty or an invoice.' },
};

/**
 * Greetings, thanks and goodbyes get a short natural reply, never retrieval noise. A message of emoji and marks only
 * is read by what it shows: an angry face is not an acknowledgement, and "？？？" asks what the bot can do.
 */
export function detectSmallTalk(text: string): SmallTalkKind | undefined {
  const cleaned = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{Extended_Pictographic}\p{P}\p{S}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!cleaned) {
    if (ANGRY_EMOJI.test(text) || SAD_EMOJI.test(text)) return 'upset';
    return ONLY_QUESTION_MARKS.test(text.normalize('NFKC')) ? 'puzzled' : 'acknowledgement';
  }
  return PATTERNS.find(({ pattern }) => pattern.test(cleaned))?.kind;
}

export function smallTalkReply(kind: SmallTalkKind, lang: Lang, greeting?: string): string {
  return kind === 'greeting' && greeting ? greeting : REPLIES[kind][lang];
}

/** "你好，我想退货" → "我想退货": a greeting in front of a question is not part of it. */
export function stripPleasantries(text: string): string {
  const stripped = text.trim().replace(LEADING_PLEASANTRIES, '').trim();
  return stripped || text.trim();
}
