import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { KnowledgeFileKind, KnowledgeProblem } from './knowledge.types';
import { EVAL_FILE, EXPECT_NONE, parseEvalFile } from './sources/eval-file.parser';
import { parseKnowledgeFile, readKnowledgeFile, scanKnowledgeFolder } from './sources/knowledge-source';

export interface CheckReport {
  files: Array<{ path: string; kind: KnowledgeFileKind; entries: number; ok: boolean }>;
  problems: KnowledgeProblem[];
  entries: { faq: number; document: number; announcement: number };
  phrases: number;
}

/** Parses the whole folder without touching the index: what `kb check` prints and CI can gate on. */
export async function checkKnowledgeFolder(root: string, onFile?: (done: number, total: number, path: string) => void): Promise<CheckReport> {
  const refs = await scanKnowledgeFolder(root);
  const report: CheckReport = { files: [], problems: [], entries: { faq: 0, document: 0, announcement: 0 }, phrases: 0 };
  const faqOwners = new Map<string, { path: string; line?: number }>();
  for (const [index, ref] of refs.entries()) {
    onFile?.(index, refs.length, ref.path);
    const parsed = await parseKnowledgeFile(ref, await readKnowledgeFile(ref)).catch((error: Error) => ({
      entries: [],
      problems: [{ path: ref.path, message: `cannot read the file: ${error.message}`, severity: 'error' as const }],
    }));
    for (const entry of parsed.entries) {
      if (entry.kind !== 'faq') continue;
      const owner = faqOwners.get(entry.id);
      const line = entry.meta.line as number | undefined;
      if (owner && owner.path !== ref.path) {
        parsed.problems.push({ path: ref.path, line, message: `duplicate id "${entry.id}": already used in ${owner.path}${owner.line ? `:${owner.line}` : ''}`, severity: 'error' });
      } else {
        faqOwners.set(entry.id, { path: ref.path, line });
      }
    }
    const ok = !parsed.problems.some((problem) => problem.severity === 'error');
    report.problems.push(...parsed.problems);
    report.files.push({ path: ref.path, kind: ref.kind, entries: parsed.entries.length, ok });
    if (ok) {
      for (const entry of parsed.entries) report.entries[entry.kind]++;
      report.phrases += parsed.entries.reduce((sum, entry) => sum + entry.phrases.length, 0);
    }
  }
  report.problems.push(...(await checkEvalFile(root, new Set(faqOwners.keys()), new Set(report.files.filter((file) => file.kind === 'document').map((file) => file.path)))));
  return report;
}

/** eval.yaml, when there is one: well-formed, and every expectation names an FAQ id or a document of the folder. */
async function checkEvalFile(root: string, faqIds: Set<string>, documents: Set<string>): Promise<KnowledgeProblem[]> {
  const text = await readFile(path.join(root, EVAL_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return [];
  const { questions, problems } = parseEvalFile(text);
  for (const item of questions) {
    if (item.expect === EXPECT_NONE || faqIds.has(item.expect) || documents.has(item.expect)) continue;
    problems.push({ path: EVAL_FILE, line: item.line, message: `expect "${item.expect}" is neither an FAQ id, a document path nor none`, severity: 'error' });
  }
  return problems;
}
