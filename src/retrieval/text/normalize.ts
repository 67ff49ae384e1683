import type * as OpenCC from 'opencc-js';

// The t2cn build is a tenth of the full one; TypeScript's node10 resolution cannot see the subpath, Node's can.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an import of the subpath would not type-check
const { Converter } = require('opencc-js/t2cn') as typeof OpenCC;

/** Taiwan phrases become mainland ones too (軟體 → 软件, 網路 → 网络), so both spellings meet the same FAQ. */
const toSimplified = Converter({ from: 'twp', to: 'cn' });

const HAN = /\p{Script=Han}/u;
const HAN_ALL = /\p{Script=Han}/gu;
const LETTER_ALL = /\p{L}/gu;
/** Anything but letters, digits and combining marks: punctuation, symbols, emoji, their variation selectors. */
const NOT_WORD_CHARS = /(?:[^\p{L}\p{N}\p{Mn}\p{Mc}]|[\uFE00-\uFE0F])+/gu;

/**
 * The one normal form every text is compared in: NFKC (full-width → half-width), lower case,
 * traditional → simplified Chinese, anything that is not a letter or digit becomes a space.
 * "ＬＭ20261123001号訂單😊！" → "lm20261123001号订单".
 */
export function normalizeText(text: string): string {
  let normalized = text.normalize('NFKC').toLowerCase();
  if (HAN.test(normalized)) normalized = toSimplified(normalized);
  return normalized.replace(NOT_WORD_CHARS, ' ').trim();
}

/** 'zh' once Chinese characters are at least a fifth of the letters: "我的order还没到" is Chinese. */
export function detectLanguage(text: string): 'zh' | 'en' {
  const han = text.match(HAN_ALL)?.length ?? 0;
  if (han === 0) return 'en';
  const letters = text.match(LETTER_ALL)?.length ?? 0;
  return han / letters >= 0.2 ? 'zh' : 'en';
}
