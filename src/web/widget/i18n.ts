import type { Lang } from '../../realtime/socket-events';

/** Every string the widget shows, in both languages. */
const STRINGS = {
  launcher: { zh: '在线客服', en: 'Chat with us' },
  title: { zh: '在线客服', en: 'Customer service' },
  close: { zh: '关闭聊天窗口', en: 'Close chat' },
  messages: { zh: '聊天记录', en: 'Conversation' },
  inputLabel: { zh: '输入消息', en: 'Type a message' },
  placeholder: { zh: '请输入您的问题…', en: 'Ask a question…' },
  send: { zh: '发送', en: 'Send' },
  attach: { zh: '发送图片', en: 'Send a photo' },
  talkToPerson: { zh: '转人工客服', en: 'Talk to a person' },
  endChat: { zh: '结束会话', en: 'End chat' },
  leaveQueue: { zh: '退出排队', en: 'Leave the queue' },
  sources: { zh: '参考来源', en: 'Sources' },
  announcement: { zh: '公告', en: 'Notice' },
  helpful: { zh: '有帮助', en: 'Helpful' },
  notHelpful: { zh: '没有帮助', en: 'Not helpful' },
  thanksFeedback: { zh: '感谢反馈', en: 'Thanks for the feedback' },
  botTyping: { zh: '正在输入…', en: 'is typing…' },
  you: { zh: '我', en: 'You' },
  bot: { zh: '智能客服', en: 'Assistant' },
  agent: { zh: '客服', en: 'Agent' },
  system: { zh: '系统消息', en: 'Notice' },
  sending: { zh: '发送中…', en: 'Sending…' },
  offlineQueued: { zh: '网络已断开，消息将在恢复后发送', en: 'You are offline; messages will be sent when you reconnect' },
  connecting: { zh: '正在连接…', en: 'Connecting…' },
  queue: { zh: '您正在排队，前面还有 {ahead} 位', en: 'You are number {position} in the queue' },
  eta: { zh: '预计等待约 {minutes} 分钟', en: 'about {minutes} min' },
  waiting: { zh: '正在为您转接人工客服…', en: 'Connecting you with a person…' },
  assigned: { zh: '客服 {name} 正在为您服务', en: '{name} is helping you' },
  closedNotice: { zh: '会话已结束', en: 'This chat has ended' },
  rateTitle: { zh: '为本次服务评分', en: 'Rate this chat' },
  star: { zh: '{n} 星', en: '{n} stars' },
  star1: { zh: '1 星', en: '1 star' },
  comment: { zh: '评价（选填）', en: 'Comment (optional)' },
  submitRating: { zh: '提交评价', en: 'Submit rating' },
  ratingThanks: { zh: '感谢您的评价！', en: 'Thank you for your rating!' },
  chooseScore: { zh: '请选择 1–5 星', en: 'Choose 1 to 5 stars' },
  leaveTitle: { zh: '现在无人在线，请留言', en: 'Nobody is available — leave a message' },
  name: { zh: '称呼（选填）', en: 'Name (optional)' },
  email: { zh: '邮箱', en: 'Email' },
  phone: { zh: '电话', en: 'Phone' },
  message: { zh: '留言内容', en: 'Your message' },
  submitLeave: { zh: '提交留言', en: 'Send message' },
  contactNeeded: { zh: '请留下邮箱或电话', en: 'Leave an email or a phone number' },
  leaveThanks: { zh: '留言已提交，我们会尽快联系您。', en: 'Message sent. We will get back to you soon.' },
  photo: { zh: '图片', en: 'Photo' },
  photoFrom: { zh: '{who}发送的图片', en: 'Photo from {who}' },
  uploadTooLarge: { zh: '图片太大（最大 {mb} MB）', en: 'The photo is too large (at most {mb} MB)' },
  uploadWrongType: { zh: '只能发送 JPEG、PNG 或 WebP 图片', en: 'Only JPEG, PNG or WebP photos can be sent' },
  uploadFailed: { zh: '图片发送失败：{reason}', en: 'The photo could not be sent: {reason}' },
  earlier: { zh: '以往会话 · {date}', en: 'Earlier conversation · {date}' },
  errorGeneric: { zh: '出错了：{reason}', en: 'Something went wrong: {reason}' },
} satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof STRINGS;

export function translator(lang: Lang) {
  return (key: StringKey, values: Record<string, string | number> = {}): string =>
    STRINGS[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

export type Translate = ReturnType<typeof translator>;

/** `data-lang="auto"` (or none): the browser's language; anything Chinese is zh, everything else en. */
export function resolveLang(requested: string | null | undefined, browserLanguages: readonly string[]): Lang {
  if (requested === 'zh' || requested === 'en') return requested;
  return /^zh/i.test(browserLanguages[0] ?? '') ? 'zh' : 'en';
}
