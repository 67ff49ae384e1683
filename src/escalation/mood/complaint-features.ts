/**
 * What the learned complaint model reads in a message. Each feature is a string; the model hashes them.
 *
 *   c…  character 1–3-grams of the normalised text: robust to segmentation and typos, and they carry short phrases
 *       such as "不好吃" or "太差" whole;
 *   z…  Chinese words (jieba): a word seen in training is recognised wherever it stands, not only in the n-grams
 *       around it;
 *   n…  the words after a negation up to the end of the clause ("一点也不吵", "没让我失望", "不怎么好吃"), so the model
 *       can learn that a negated fault is praise and a negated virtue a grievance;
 *   w… / b…  Latin words and word pairs.
 */
import { cutChinese } from '../../retrieval/text/chinese-segmenter';
import { normalizeForMatching } from '../text';

/** Words that negate what follows in their clause. */
const NEGATORS = new Set(['不', '没', '没有', '别', '无', '未', '不是', '不太', '不够', '不会', '不能', '没法', '毫无', '并不', '一点也不', '不怎么']);
const CLAUSE_BREAK = /[，。,.!?;；:：~、…\s]+/;
const CJK = /[\u3400-\u9fff]/;

export function complaintFeatures(text: string): string[] {
  const normalized = normalizeForMatching(text).replace(/\s+/g, ' ').trim();
  if (!normalized) return [];
  const features = new Set<string>();
  const chars = Array.from(normalized);
  for (let n = 1; n <= 3; n++) {
    for (let i = 0; i + n <= chars.length; i++) {
      const gram = chars.slice(i, i + n).join('');
      if (gram.trim().length === gram.length || n > 1) features.add(`c${gram}`);
    }
  }
  for (const clause of normalized.split(CLAUSE_BREAK)) {
    if (!CJK.test(clause)) continue;
    let negated = false;
    for (const word of cutChinese(clause)) {
      if (!word.trim()) continue;
      features.add(`z${word}`);
      if (NEGATORS.has(word)) negated = true;
      else if (negated) features.add(`n${word}`);
    }
  }
  const words = normalized.match(/[a-z0-9']+/g) ?? [];
  words.forEach((word, i) => {
    features.add(`w${word}`);
    if (i > 0) features.add(`b${words[i - 1]} ${word}`);
  });
  return [...features];
}
