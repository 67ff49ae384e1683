import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { seededRandom } from '../../src/retrieval/classifier/seeded-random';
import { SAMPLE_KNOWLEDGE, TempKnowledgeFolder } from '../support/test-config';
import { datasetsDir, loadClinc150 } from './datasets';

export interface Question {
  question: string;
  /** an FAQ id, `doc:<path>`, or null when the folder does not answer it */
  expected: string | null;
}

/** One way of building a folder and asking it questions (issue 11's protocols). */
export interface Protocol {
  name: string;
  /** what the folder and the questions are, and how they were sampled */
  description: string;
  /** builds the knowledge folder; dispose() removes it */
  folder(): { dir: string; dispose(): void };
  questions(): Question[];
}

export const matchesTarget = (expected: string, entryId: string, filePath: string) => (expected.startsWith('doc:') ? filePath === expected.slice(4) : entryId === expected);

/** Seeded Fisher–Yates: the same sample on every run. */
export function seededShuffle<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function questionsIn(file = '../fixtures/eval/questions.jsonl'): Question[] {
  return readFileSync(path.resolve(__dirname, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
}

function faqFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix)).flatMap((name) => {
    const relative = path.join(prefix, name);
    if (statSync(path.join(dir, relative)).isDirectory()) return faqFiles(dir, relative);
    return /\.faq\.ya?ml$/.test(name) ? [relative] : [];
  });
}

/** Builds an FAQ folder with one entry per intent; the answer is neutral so the intent's name never leaks into the index. */
export function intentFolder(byIntent: Map<string, string[]>): { dir: string; dispose(): void } {
  const folder = new TempKnowledgeFolder();
  const entries = [...byIntent].map(([intent, texts], index) => ({ id: intent, question: texts[0], ...(texts.length > 1 ? { similar: texts.slice(1) } : {}), answer: `Answer ${index + 1}.` }));
  folder.write('intents.faq.yaml', JSON.stringify(entries)); // JSON is YAML
  return { dir: folder.dir, dispose: () => folder.dispose() };
}

export function groupByIntent(rows: Array<[string, string]>, perIntent: number | undefined, seed: number): Map<string, string[]> {
  const byIntent = new Map<string, string[]>();
  for (const [text, intent] of rows) byIntent.set(intent, [...(byIntent.get(intent) ?? []), text]);
  if (perIntent === undefined) return byIntent;
  let salt = 0;
  return new Map([...byIntent].map(([intent, texts]) => [intent, seededShuffle(texts, seed + salt++).slice(0, perIntent)]));
}

export function readBanking77(split: 'train' | 'test'): Array<[string, string]> {
  const text = readFileSync(path.join(datasetsDir(), 'banking77', `${split}.csv`), 'utf8');
  const rows: Array<[string, string]> = [];
  // text,category with RFC 4180 quoting
  const pattern = /(?:"((?:[^"]|"")*)"|([^,\n]*)),([^,\n]+)\n/g;
  pattern.lastIndex = text.indexOf('\n') + 1;
  // one category is "reverted_card_payment?": FAQ ids take letters, digits, ".", "_" and "-" only
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) rows.push([(match[1]?.replace(/""/g, '"') ?? match[2]).trim(), match[3].trim().replace(/[^\w.-]/g, '')]);
  return rows;
}

export interface SampleSizes {
  /** in-scope test questions per protocol (seeded sample); Infinity for all */
  inScope: number;
  outOfScope: number;
}

const SEED = 11;

export function protocols(sizes: SampleSizes): Protocol[] {
  const sample = <T>(items: T[], count: number, salt: number) => (items.length <= count ? items : seededShuffle(items, SEED + salt).slice(0, count));
  let clinc: ReturnType<typeof loadClinc150> | undefined;
  const clincData = () => (clinc ??= loadClinc150());
  const clincQuestions = (): Question[] => [
    ...sample(clincData().test, sizes.inScope, 1).map(([question, intent]) => ({ question, expected: intent })),
    ...sample(clincData().oos_test, sizes.outOfScope, 2).map(([question]) => ({ question, expected: null })),
  ];
  const bankingQuestions = (): Question[] => sample(readBanking77('test'), sizes.inScope, 3).map(([question, intent]) => ({ question, expected: intent }));
  const clincProtocol = (k?: number): Protocol => ({
    name: k ? `CLINC150 k=${k}` : 'CLINC150 full',
    description: `150 intents, one FAQ entry each from ${k ? `${k} seeded` : 'all 100'} training utterances; test + oos_test`,
    folder: () => intentFolder(groupByIntent(clincData().train, k, SEED)),
    questions: clincQuestions,
  });
  const bankingProtocol = (k?: number): Protocol => ({
    name: k ? `Banking77 k=${k}` : 'Banking77 full',
    description: `77 intents, one FAQ entry each from ${k ? `${k} seeded` : 'all (~130)'} training utterances; test (no out-of-scope set)`,
    folder: () => intentFolder(groupByIntent(readBanking77('train'), k, SEED)),
    questions: bankingQuestions,
  });
  return [
    {
      name: 'project cold',
      description: 'knowledge/ with every `similar` list removed; test/fixtures/eval/questions.jsonl',
      folder: () => {
        const folder = TempKnowledgeFolder.copyOf(SAMPLE_KNOWLEDGE);
        for (const file of faqFiles(folder.dir)) {
          const entries = parse(readFileSync(path.join(folder.dir, file), 'utf8')) as Array<Record<string, unknown>>;
          folder.write(file, stringify(entries.map(({ similar: _similar, ...entry }) => entry)));
        }
        return { dir: folder.dir, dispose: () => folder.dispose() };
      },
      questions: () => questionsIn(),
    },
    clincProtocol(1),
    clincProtocol(5),
    clincProtocol(),
    bankingProtocol(1),
    bankingProtocol(5),
    bankingProtocol(),
    { name: 'project', description: 'knowledge/ as shipped; test/fixtures/eval/questions.jsonl', folder: () => ({ dir: SAMPLE_KNOWLEDGE, dispose: () => undefined }), questions: () => questionsIn() },
    {
      name: 'cross-language',
      description: "knowledge/ as shipped; English questions about its Chinese-only documents (test/fixtures/cross-language, 35, written before cross-language matching was built)",
      folder: () => ({ dir: SAMPLE_KNOWLEDGE, dispose: () => undefined }),
      questions: () => questionsIn('../fixtures/cross-language/questions.jsonl'),
    },
  ];
}
