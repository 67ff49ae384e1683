import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readLabelledFile } from '../../src/escalation/mood/complaint-training';
import { bitextToLabelled, evaluate, GoldLabel, LabelledMessage, parseCsv, parseCsvObjects, predictLabel } from '../bench/escalation-evaluation';

const FIXTURES = path.resolve(__dirname, '../../src/escalation/mood/labelled');

describe('parseCsv', () => {
  it('handles a BOM, quoted fields with commas, doubled quotes, CRLF and a missing final newline', () => {
    const text = '\ufeffflags,utterance,intent\r\nB,"hello, world",greet\r\nQ,"say ""hi""\nplease",x\nZ,,empty';
    expect(parseCsv(text)).toEqual([
      ['flags', 'utterance', 'intent'],
      ['B', 'hello, world', 'greet'],
      ['Q', 'say "hi"\nplease', 'x'],
      ['Z', '', 'empty'],
    ]);
  });

  it('maps Bitext intents to labels', () => {
    const rows = parseCsvObjects('flags,utterance,category,intent\nB,make complaint,FEEDBACK,complaint\nB,speak to a person,CONTACT,contact_human_agent\nB,customer service hours,CONTACT,contact_customer_service\n');
    expect(bitextToLabelled(rows).map((r) => r.label)).toEqual(['complaint', 'human', 'none']);
  });
});

describe('evaluate', () => {
  it('computes escalate P/R/F1, per-class scores, the ordinary escalated rate and a confusion table', () => {
    const items: LabelledMessage[] = [
      { text: 'a', label: 'complaint' },
      { text: 'b', label: 'human' },
      { text: 'c', label: 'none' },
      { text: 'd', label: 'none' },
    ];
    const fake: Record<string, GoldLabel> = { a: 'complaint', b: 'none', c: 'human', d: 'none' };
    const r = evaluate(items, (t) => fake[t]);
    expect(r.escalate).toMatchObject({ tp: 1, fp: 1, fn: 1, tn: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(r.ordinaryEscalatedRate).toBe(0.5);
    expect(r.confusion.human.none).toBe(1);
    expect(r.perClass.complaint).toMatchObject({ precision: 1, recall: 1, support: 1 });
    expect(r.errors).toHaveLength(2);
  });
});

describe('labelled set (regression guard)', () => {
  const items = readLabelledFile(path.join(FIXTURES, 'messages.jsonl'));

  it('has the promised size and mix', () => {
    const count = (f: (m: LabelledMessage) => boolean): number => items.filter(f).length;
    expect(items.length).toBeGreaterThanOrEqual(360);
    expect(count((m) => m.label === 'complaint')).toBeGreaterThanOrEqual(90);
    expect(count((m) => m.label === 'human')).toBeGreaterThanOrEqual(70);
    expect(count((m) => m.label === 'none')).toBeGreaterThanOrEqual(180);
    expect(count((m) => m.subset === 'negative_ordinary')).toBeGreaterThanOrEqual(60);
    const zh = count((m) => m.lang === 'zh');
    expect(zh / items.length).toBeGreaterThan(0.4);
    expect(zh / items.length).toBeLessThan(0.6);
    expect(new Set(items.map((m) => m.text)).size).toBe(items.length);
  });

  it('meets the target: escalate F1 ≥ 0.9 with < 5% of ordinary messages escalated', () => {
    const r = evaluate(items);
    expect(r.escalate.f1).toBeGreaterThanOrEqual(0.9);
    expect(r.ordinaryEscalatedRate).toBeLessThan(0.05);
  });

  it('keeps the held-out batches above F1 0.85 with < 5% ordinary escalated (guard against regressions)', () => {
    const r = evaluate(readLabelledFile(path.join(FIXTURES, 'holdout.jsonl')));
    expect(r.escalate.f1).toBeGreaterThanOrEqual(0.85);
    expect(r.ordinaryEscalatedRate).toBeLessThan(0.05);
  });

  const bitextPath = path.resolve(__dirname, '../../../shared/datasets/bitext_customer_support/bitext_8k_sample.csv');
  (existsSync(bitextPath) ? it : it.skip)('meets the target on the Bitext sample when it is present', () => {
    const r = evaluate(bitextToLabelled(parseCsvObjects(readFileSync(bitextPath, 'utf8'))));
    expect(r.escalate.f1).toBeGreaterThanOrEqual(0.9);
    expect(r.ordinaryEscalatedRate).toBeLessThan(0.05);
  });

  it('predictLabel maps decisions to labels', () => {
    expect(predictLabel('转人工')).toBe('human');
    expect(predictLabel('垃圾！')).toBe('complaint');
    expect(predictLabel('你好')).toBe('none');
  });
});
