import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

/** Frequency given to user words: enough to keep "白条" whole in "京东白条", not enough to break "明白条件". */
const USER_WORD_FREQUENCY = 2000;

let jieba: Jieba | undefined;
const userWords = new Set<string>();

/** One jieba per process: its default dictionary takes ~200 ms and ~50 MB to load, so it is loaded on first use. */
function sharedJieba(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Splits a run of Chinese characters into words (jieba's accurate mode, HMM on for unknown words). */
export function cutChinese(text: string): string[] {
  return sharedJieba().cut(text, true);
}

/** Search mode: a long word and the dictionary words inside it ("中华人民共和国" → "中华", "人民", …, itself). */
export function cutChineseForSearch(text: string): string[] {
  return sharedJieba().cutForSearch(text, true);
}

/**
 * Teaches the shared jieba words it must not split (product names, FAQ terms). The dictionary is
 * process-wide, so a word added for one knowledge folder is known to every tokenizer; adding only ever
 * keeps a name whole, which is harmless elsewhere.
 */
export function addChineseUserWords(words: Iterable<string>): void {
  const fresh = [...words].filter((word) => word.length > 1 && !userWords.has(word));
  if (fresh.length === 0) return;
  fresh.forEach((word) => userWords.add(word));
  const lines = fresh.map((word) => `${word} ${USER_WORD_FREQUENCY}`).join('\n');
  sharedJieba().loadDict(Buffer.from(lines + '\n'));
}
