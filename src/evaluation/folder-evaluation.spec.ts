import type { AnswerSource } from '../answering/answer.types';
import { compareRuns, judge, summarize } from './folder-evaluation';

const faq = (id: string): AnswerSource => ({ id, kind: 'faq', title: id, path: 'faq/a.faq.yaml', score: 0.9 });
const chunk: AnswerSource = { id: 'document:docs/shipping.md#3', kind: 'document', title: 'Shipping', path: 'docs/shipping.md', score: 0.8 };

describe('judge', () => {
  it('passes an answer from the expected FAQ entry or document, and nothing else', () => {
    expect(judge({ question: 'q', expect: 'return-window' }, { answered: true, sources: [faq('return-window')], suggestions: [], confidence: 0.9 })).toMatchObject({ passed: true, got: 'answered from return-window' });
    expect(judge({ question: 'q', expect: 'docs/shipping.md' }, { answered: true, sources: [chunk], suggestions: [], confidence: 0.7 })).toMatchObject({ passed: true, got: 'answered from docs/shipping.md' });
    expect(judge({ question: 'q', expect: 'return-window' }, { answered: true, sources: [faq('exchange')], suggestions: [], confidence: 0.9 })).toMatchObject({ passed: false });
  });

  it('does not count asking back with the right entry first as answered', () => {
    const outcome = judge({ question: 'q', expect: 'return-window' }, { answered: false, sources: [], suggestions: [{ id: 'return-window', question: '…' }, { id: 'exchange', question: '…' }], confidence: 0.3 });
    expect(outcome).toMatchObject({ passed: false, got: 'asked back (1. return-window, 2. exchange)' });
  });

  it('passes "none" only when the bot did not answer', () => {
    expect(judge({ question: 'q', expect: 'none' }, { answered: false, sources: [], suggestions: [], confidence: 0.1 })).toMatchObject({ passed: true, got: 'did not answer' });
    expect(judge({ question: 'q', expect: 'none' }, { answered: true, sources: [faq('x')], suggestions: [], confidence: 0.6 }).passed).toBe(false);
  });
});

describe('compareRuns', () => {
  const outcome = (question: string, expect: string, passed: boolean) => ({ question, expect, passed, got: '', confidence: 0 });

  it('lists what broke and what was fixed, matching by question and expectation', () => {
    const previous = [outcome('a', 'x', true), outcome('b', 'y', false), outcome('c', 'z', true)];
    const current = [outcome('a', 'x', false), outcome('b', 'y', true), outcome('c', 'w', true), outcome('d', 'none', true)];
    const changes = compareRuns(previous, current);
    expect(changes.broken.map((item) => item.question)).toEqual(['a']);
    expect(changes.fixed.map((item) => item.question)).toEqual(['b']);
    expect(changes.added).toBe(2); // c's expectation changed, d is new
    expect(summarize(current)).toMatchObject({ passed: 3, failed: 1 });
  });

  it('treats every question as new on the first run', () => {
    expect(compareRuns(undefined, [outcome('a', 'x', true)])).toEqual({ broken: [], fixed: [], added: 1 });
  });
});
