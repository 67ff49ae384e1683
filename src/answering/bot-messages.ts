import type { BotSettings, Lang, Localized } from '../knowledge/knowledge.types';

type MessageKey = keyof NonNullable<BotSettings['messages']>;

/** Used when kefu.yaml does not say otherwise. */
const DEFAULTS: Record<MessageKey | 'handoffOffer' | 'busy', Record<Lang, string>> = {
  greeting: { zh: '您好！我是智能客服，请问有什么可以帮您？', en: 'Hello! I am the virtual assistant. How can I help you?' },
  fallback: {
    zh: '抱歉，这个问题我暂时还回答不了。您可以换个说法再问一次，或回复“转人工”联系人工客服。',
    en: "Sorry, I don't know the answer to that yet. You can rephrase the question, or type \"agent\" to talk to a person.",
  },
  clarify: { zh: '您是想问：', en: 'Did you mean:' },
  handoff: { zh: '正在为您转接人工客服，请稍候。', en: 'Connecting you with a member of our team, one moment please.' },
  offline: { zh: '现在是非工作时间，您可以留言，我们上班后会尽快联系您。', en: 'We are offline right now. Leave a message and we will get back to you as soon as we are back.' },
  unattended: {
    zh: '现在暂时没有客服同事在线。请留下您的问题和订单号，同事上线后会第一时间回复您。',
    en: "Nobody from our team is online right now. Leave your question and order number, and we'll get back to you as soon as someone is.",
  },
  handoffOffer: { zh: '如需人工协助，请回复“转人工”。', en: 'If you need more help, type "agent" to talk to a person.' },
  busy: { zh: '现在咨询的客户较多，回复会稍慢一些，马上为您解答，请稍候。', en: 'Many customers are writing to us right now, so replies are a little slower. Your answer is on its way.' },
};

export function botMessage(settings: BotSettings | undefined, key: MessageKey | 'handoffOffer' | 'busy', lang: Lang): string {
  const configured: Localized | undefined = key === 'handoffOffer' || key === 'busy' ? undefined : settings?.messages?.[key];
  return configured?.[lang] ?? configured?.[lang === 'zh' ? 'en' : 'zh'] ?? DEFAULTS[key][lang];
}

/**
 * The short reply to a message sent while nobody is on duty: it is kept for the team, who are back at `opening`
 * (outside business hours) or as soon as someone is online (within them); the bot still answers common questions.
 */
export function keptForTeamMessage(lang: Lang, opening: { inDays: number; date: string; time: string } | undefined): string {
  if (lang === 'zh') {
    const [, month, day] = opening?.date.split('-').map(Number) ?? [];
    const when = opening ? `${opening.inDays === 0 ? '今天' : opening.inDays === 1 ? '明天' : `${month}月${day}日`} ${opening.time} 上班后` : '同事上线后';
    return `您的消息已为客服同事保留，${when}会第一时间回复您。常见问题您也可以继续问我。`;
  }
  const date = opening ? new Date(`${opening.date}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }) : '';
  const when = opening ? `we're back ${opening.inDays === 0 ? 'today' : opening.inDays === 1 ? 'tomorrow' : `on ${date}`} at ${opening.time}` : "someone will reply as soon as they're online";
  return `Your message is kept for our team; ${when}. Meanwhile you can still ask me common questions.`;
}
