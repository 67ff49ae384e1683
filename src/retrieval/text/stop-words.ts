/**
 * Words that carry no meaning for matching a question to an answer. Question words that do
 * (when, where, why, how much/many/long, 多少, 多久, 哪里, 为什么, 几天) and negations (not, 没, 不) are kept on purpose:
 * "how long does a refund take" and "why was my refund refused" are different FAQ entries.
 * Entries are in normal form (lower case, simplified Chinese), before stemming.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  // English function words
  ...'a an the and or but if then so than that this these those there here of to in on at by for from with about into over'.split(' '),
  ...'up down out off as is am are was were be been being do does did doing done have has had having'.split(' '),
  ...'i me my mine myself we us our ours you your yours he him his she her it its they them their theirs'.split(' '),
  ...'can could will would shall should may might must what which who whom whose how'.split(' '),
  ...'just also very too please thanks thank hi hello hey ok okay s t d ll m re ve'.split(' '),
  // Chinese particles, pronouns and politeness
  ...'的 了 吗 呢 吧 啊 呀 哦 嗯 哈 么 嘛 啦 哇 喔 咯 着 过 地 得'.split(' '),
  ...'我 你 您 他 她 它 我们 你们 他们 咱们 自己 这 那 这个 那个 这些 那些 这样 那样 这里 那里'.split(' '),
  ...'是 在 有 和 与 及 或 或者 就 都 也 还 又 很 把 被 给 让 对 从 跟 同 而 并'.split(' '),
  ...'请 请问 问 问一下 一下 想 想要 要 需要 能 可以 可 会 应该 一个 个 些 一些'.split(' '),
  ...'怎么 怎样 怎么样 如何 什么 啥 谢谢 你好 您好 麻烦 帮 帮我 帮忙'.split(' '),
]);

/** Contraction stubs left after punctuation became spaces ("didn't" → "didn t") mean "not". */
export const NEGATION_STUBS: ReadonlySet<string> = new Set(
  'didn don doesn isn wasn weren aren haven hasn hadn couldn wouldn shouldn won cannot'.split(' '),
);
