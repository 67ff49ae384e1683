import type { BotSettings, Lang, Localized } from '../knowledge/knowledge.types';

type MessageKey = keyof NonNullable<BotSettings['messages']>;

/** Used when kefu.yaml does not say otherwise. */
const DEFAULTS: Record<MessageKey | 'handoffOffer', Record<Lang, string>> = {
  greeting: { zh: '您好！我是智能客服，请问有什么可以帮您？', en: 'Hello! I am the virtual assistant. How can I help you?' },
  fallback: {
    zh: '抱歉，这个问题我暂时还回答不了。您可以换个说法再问一次，或回复“转人工”联系人工客服。',
    en: "Sorry, I don't know the answer to that yet. You can rephrase the question, or type \"agent\" to talk to a person.",
  },
  clarify: { zh: '您是想问：', en: 'Did you mean:' },
  handoff: { zh: '正在为您转接人工客服，请稍候。', en: 'Connecting you with a member of our team, one moment please.' },
  offline: { zh: '现在是非工作时间，您可以留言，我们上班后会尽快联系您。', en: 'We are offline right now. Leave a message and we will get back to you as soon as we are back.' },
  handoffOffer: { zh: '如需人工协助，请回复“转人工”。', en: 'If you need more help, type "agent" to talk to a person.' },
};

export function botMessage(settings: BotSettings | undefined, key: MessageKey | 'handoffOffer', lang: Lang): string {
  const configured: Localized | undefined = key === 'handoffOffer' ? undefined : settings?.messages?.[key];
  return configured?.[lang] ?? configured?.[lang === 'zh' ? 'en' : 'zh'] ?? DEFAULTS[key][lang];
}
