import { pinyin } from 'pinyin-pro';

const cache = new Map<string, string>();

/**
 * The toneless pinyin of one Chinese character in its most common reading ("货" → "huo"). Used only
 * as a matching key, so polyphones need not be read right, only the same way every time; per-character
 * caching makes it ~10× cheaper than converting whole strings.
 */
export function pinyinOf(character: string): string {
  let reading = cache.get(character);
  if (reading === undefined) {
    reading = pinyin(character, { toneType: 'none' });
    cache.set(character, reading);
  }
  return reading;
}
