import type { KnowledgeFileKind, KnowledgeProblem } from './knowledge.types';
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
  return report;
}
