/**
 * Small text helpers shared by the escalation detectors. Pure functions, no dependencies.
 *
 * Matching runs on `normalizeText(...)`: NFKC (full-width ！？，１２３ → ASCII), a handful of
 * traditional → simplified characters that occur in our cue words, lower case, curly quotes
 * straightened, whitespace collapsed. Cue regexes are written against that form.
 */

/** Traditional → simplified for the characters our cue lists use (not a general converter). */
const TRAD_TO_SIMP: Record<string, string> = {
  訴: '诉', 評: '评', 騙: '骗', 轉: '转', 務: '务', 們: '们', 經: '经', 報: '报', 處: '处', 題: '题',
  對: '对', 這: '这', 麼: '么', 應: '应', 為: '为', 電: '电', 話: '话', 還: '还', 沒: '没', 錢: '钱',
  貨: '货', 發: '发', 單: '单', 號: '号', 問: '问', 時: '时', 嗎: '吗', 讓: '让', 給: '给', 點: '点',
  個: '个', 說: '说', 請: '请', 幫: '帮', 腦: '脑', 殘: '残', 詐: '诈', 門: '门', 買: '买', 賣: '卖',
  壞: '坏', 費: '费', 實: '实', 際: '际', 會: '会', 連: '连', 聯: '联', 絡: '络', 圾: '圾', 垃: '垃',
  曝: '曝', 賠: '赔', 償: '偿', 訂: '订', 態: '态', 惡: '恶', 劣: '劣', 氣: '气', 爛: '烂', 傷: '伤',
  與: '与', 負: '负', 責: '责', 闆: '板', 麵: '面', 車: '车', 飛: '飞', 滿: '满', 機: '机', 器: '器',
  戶: '户', 義: '义', 欺: '欺', 離: '离', 譜: '谱', 愛: '爱', 產: '产', 品: '品', 質: '质', 量: '量',
  聽: '听', 懂: '懂', 隻: '只', 幾: '几', 過: '过', 導: '导', 線: '线', 體: '体', 驗: '验', 擊: '击',
};

export function normalizeText(input: string): string {
  let s = input.normalize('NFKC');
  s = s.replace(/[\u4e00-\u9fff]/g, (c) => TRAD_TO_SIMP[c] ?? c);
  s = s.replace(/[\u2018\u2019\u02bc`´]/g, "'").replace(/[\u201c\u201d]/g, '"');
  s = s.replace(/[\u2013\u2014]/g, '-');
  s = s.toLowerCase();
  s = s.replace(/\s+/g, ' ').trim();
  return s;
}

export function hasCjk(s: string): boolean {
  return /[\u3400-\u9fff]/.test(s);
}

/** Latin word tokens with their character offsets (apostrophes kept inside words: don't). */
export function wordTokens(s: string): Array<{ word: string; start: number; end: number }> {
  const out: Array<{ word: string; start: number; end: number }> = [];
  const re = /[a-z0-9]+(?:'[a-z]+)?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) out.push({ word: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** Optimal-string-alignment distance (Levenshtein + adjacent transposition), capped early. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    let rowMin = Infinity;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
      rowMin = Math.min(rowMin, d[i][j]);
    }
    if (rowMin > max) return max + 1;
  }
  return d[a.length][b.length];
}

/**
 * Words whose misspellings we repair before matching ("humen", "agnet", "complant", "lcaim").
 * Targets have five or more letters, only one edit is repaired, and never onto a real word listed in
 * PROTECTED (compliant ≠ complaint). Typos are common in chat and cheap to absorb this way.
 */
const TYPO_TARGETS = [
  'human', 'humans', 'agent', 'agents', 'person', 'operator', 'representative', 'someone', 'somebody',
  'complaint', 'complain', 'reclamation', 'claim', 'customer', 'consumer', 'company', 'business',
  'organization', 'refund', 'ridiculous', 'unacceptable', 'disappointed', 'incompetent', 'supervisor',
  'assistant', 'against',
];
const PROTECTED = new Set([
  'compliant', 'humane', 'humid', 'persona', 'personal', 'persons', 'prison', 'agency', 'agenda', 'operate',
  'operation', 'someones', 'claims', 'claimed', 'chain', 'refunds', 'businesses', 'assistants', 'supervisors',
  'customers', 'consumers', 'complaints', 'complains', 'companies', 'organizations', 'operators',
]);

const typoCache = new Map<string, string>();

/** Return the corrected word (or the word itself). Exact targets, short words and protected words pass through. */
export function repairTypo(word: string): string {
  if (word.length < 4 || PROTECTED.has(word) || TYPO_TARGETS.includes(word) || /\d/.test(word)) return word;
  const hit = typoCache.get(word);
  if (hit !== undefined) return hit;
  let best = word;
  for (const target of TYPO_TARGETS) {
    if (editDistance(word, target, 1) <= 1) {
      best = target;
      break;
    }
  }
  typoCache.set(word, best);
  return best;
}

/** Normalised text with Latin misspellings of key words repaired (see repairTypo). */
export function normalizeForMatching(input: string): string {
  const s = normalizeText(input);
  return s.replace(/[a-z]+/g, (w) => repairTypo(w));
}

/**
 * Is this message phrased as a question? Question mark, Chinese question particles or
 * interrogatives, or an English sentence opening with an interrogative / auxiliary.
 */
export function isQuestion(normalized: string): boolean {
  if (/[?？]/.test(normalized)) return true;
  if (/(吗|么|呢|嘛)[\s.。!~]*$/.test(normalized)) return true;
  if (/(怎么|怎样|如何|在哪|哪里|哪儿|多久|几天|什么时候|为什么|为啥|是不是|能不能|可不可以|有没有|是否|咋)/.test(normalized)) return true;
  // an interrogative or auxiliary opening a sentence ("do not buy…" is an imperative, not a question)
  return /(^|[.!;] )(how|what|where|when|why|which|who|can|could|would|will|is|are|do|does|did|should|may|any idea)\b(?! not\b)/.test(normalized);
}

/** Strip everything but letters, digits and CJK characters (for similarity). */
export function compactText(normalized: string): string {
  return normalized.replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Character bigrams of a compacted string (single-character strings yield themselves). */
export function charBigrams(s: string): Set<string> {
  const out = new Set<string>();
  if (s.length === 1) out.add(s);
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}

export function jaccard<T>(a: Set<T>, b: Set<T>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Visible length where a CJK character counts double (one Chinese character ≈ two Latin letters of content). */
export function contentWeight(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u3400-\u9fff]/.test(ch) ? 2 : /[\p{L}\p{N}]/u.test(ch) ? 1 : 0;
  return n;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
