import type { AskResponse } from '../answering/answer.types';
import { EXPECT_NONE, EvalQuestion } from '../knowledge/sources/eval-file.parser';

export interface EvalOutcome {
  question: string;
  expect: string;
  passed: boolean;
  /** what the bot did, in words: "answered from return-window", "asked back (1. a, 2. b)", "did not answer" */
  got: string;
  confidence: number;
}

export interface EvalRunResult {
  outcomes: EvalOutcome[];
  passed: number;
  failed: number;
}

export interface EvalChanges {
  /** passed in the previous run, fail now */
  broken: EvalOutcome[];
  /** failed in the previous run, pass now */
  fixed: EvalOutcome[];
  /** not in the previous run */
  added: number;
}

/**
 * Whether one reply meets its expectation. Only an answer counts as meeting an FAQ id or a document: asking back with
 * the right entry first is still a question the customer had to click through. An answer from a document meets
 * either the document's path or the chunk's id.
 */
export function judge(item: EvalQuestion, reply: Pick<AskResponse, 'answered' | 'sources' | 'suggestions' | 'confidence'>): EvalOutcome {
  const first = reply.sources[0];
  const passed = item.expect === EXPECT_NONE ? !reply.answered : reply.answered && first !== undefined && (first.id === item.expect || first.path === item.expect);
  return { question: item.question, expect: item.expect, passed, got: describe(reply), confidence: reply.confidence };
}

function describe(reply: Pick<AskResponse, 'answered' | 'sources' | 'suggestions'>): string {
  if (reply.answered && reply.sources[0]) return `answered from ${reply.sources[0].kind === 'faq' ? reply.sources[0].id : reply.sources[0].path}`;
  if (reply.answered) return 'answered (small talk)';
  if (reply.suggestions.length > 0) return `asked back (${reply.suggestions.map((suggestion, index) => `${index + 1}. ${suggestion.id}`).join(', ')})`;
  return 'did not answer';
}

export function summarize(outcomes: EvalOutcome[]): EvalRunResult {
  const passed = outcomes.filter((outcome) => outcome.passed).length;
  return { outcomes, passed, failed: outcomes.length - passed };
}

/** What changed since `previous`, matched by question and expectation (an edited expectation is a new question). */
export function compareRuns(previous: EvalOutcome[] | undefined, current: EvalOutcome[]): EvalChanges {
  const key = (outcome: EvalOutcome) => `${outcome.expect}\u0000${outcome.question}`;
  const before = new Map((previous ?? []).map((outcome) => [key(outcome), outcome.passed]));
  const changes: EvalChanges = { broken: [], fixed: [], added: 0 };
  for (const outcome of current) {
    const passedBefore = before.get(key(outcome));
    if (passedBefore === undefined) changes.added++;
    else if (passedBefore && !outcome.passed) changes.broken.push(outcome);
    else if (!passedBefore && outcome.passed) changes.fixed.push(outcome);
  }
  return changes;
}
