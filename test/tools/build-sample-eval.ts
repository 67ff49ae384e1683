/**
 * Builds knowledge/eval.yaml, the sample folder's own regression questions, from the project's evaluation set
 * (test/fixtures/eval/questions.jsonl): for every FAQ entry and document, the first of its evaluation questions the
 * bot answers right today, and out-of-scope questions it declines today. It is a baseline of what works, for
 * `npm run kb -- eval` to say when a change breaks it, not a measure of quality (that is npm run bench:quality).
 *
 * Run from the repository root after a change that moves answers on purpose:
 *   node -r @swc-node/register test/tools/build-sample-eval.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { AnsweringService } from '../../src/answering/answering.service';
import { judge } from '../../src/evaluation/folder-evaluation';
import { EXPECT_NONE } from '../../src/knowledge/sources/eval-file.parser';
import type { Lang } from '../../src/knowledge/knowledge.types';
import { startKnowledgeContext } from '../support/knowledge-context';
import { testConfig } from '../support/test-config';

const ROOT = path.resolve(__dirname, '..', '..');
const OUT_OF_SCOPE_KEPT = 20;

interface EvalSetItem {
  question: string;
  lang: Lang;
  expected: string | null;
}

async function main() {
  const items = readFileSync(path.join(ROOT, 'test/fixtures/eval/questions.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as EvalSetItem);
  const context = await startKnowledgeContext(testConfig({ KNOWLEDGE_DIR: path.join(ROOT, 'knowledge') }), { indexOnStart: true });
  try {
    await context.lifecycle.whenReady();
    const answering = context.app.get(AnsweringService);
    const kept: Array<{ question: string; expect: string; lang: Lang }> = [];
    const covered = new Set<string>();
    let outOfScope = 0;
    for (const item of items) {
      const expect = item.expected === null ? EXPECT_NONE : item.expected.replace(/^doc:/, '');
      if (expect === EXPECT_NONE ? outOfScope >= OUT_OF_SCOPE_KEPT : covered.has(expect)) continue;
      const outcome = judge({ question: item.question, expect }, await answering.ask(item.question, { lang: item.lang }));
      if (!outcome.passed) continue;
      kept.push({ question: item.question, expect, lang: item.lang });
      if (expect === EXPECT_NONE) outOfScope++;
      else covered.add(expect);
    }
    const header =
      "# The sample folder's regression questions: what the bot answers right (or declines) today.\n" +
      '# Built from test/fixtures/eval/questions.jsonl by test/tools/build-sample-eval.ts; check with npm run kb -- eval.\n';
    writeFileSync(path.join(ROOT, 'knowledge', 'eval.yaml'), header + stringify(kept, { lineWidth: 0 }));
    console.log(`knowledge/eval.yaml: ${kept.length} questions (${covered.size} entries and documents, ${outOfScope} out of scope).`);
  } finally {
    await context.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
