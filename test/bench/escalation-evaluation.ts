/**
 * Measuring the escalation detectors against labelled messages: shared by
 * test/bench/escalation.bench.ts and the regression spec. Pure functions plus the data set readers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { seededRandom } from '../../src/retrieval/classifier/seeded-random';
import { decideEscalation, EscalationConfig } from '../../src/escalation/escalation-policy';
import type { LabelledMessage, MessageLabel } from '../../src/escalation/mood/complaint-training';
import { datasetsDir } from './datasets';

export type { LabelledMessage } from '../../src/escalation/mood/complaint-training';
export type GoldLabel = MessageLabel;
export const LABELS: readonly GoldLabel[] = ['complaint', 'human', 'none'];

/** What the policy predicts for a bare message (no history, no answer outcome): detectors only. */
export function predictLabel(text: string, config: Partial<EscalationConfig> = {}): GoldLabel {
  const d = decideEscalation({ text }, config);
  if (d.reason === 'human_requested') return 'human';
  if (d.reason === 'complaint') return 'complaint';
  return 'none';
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvaluationReport {
  total: number;
  /** "escalate" = complaint or human, vs none */
  escalate: ClassScores & { tp: number; fp: number; fn: number; tn: number };
  perClass: Record<GoldLabel, ClassScores>;
  /** share of gold `none` messages that were escalated */
  ordinaryEscalatedRate: number;
  /** confusion[gold][predicted] */
  confusion: Record<GoldLabel, Record<GoldLabel, number>>;
  errors: Array<{ text: string; gold: GoldLabel; predicted: GoldLabel }>;
}

function prf(tp: number, fp: number, fn: number): { precision: number; recall: number; f1: number } {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

export function evaluate(items: LabelledMessage[], predict: (text: string) => GoldLabel = (t) => predictLabel(t)): EvaluationReport {
  const confusion = Object.fromEntries(LABELS.map((g) => [g, Object.fromEntries(LABELS.map((p) => [p, 0]))])) as Record<
    GoldLabel,
    Record<GoldLabel, number>
  >;
  const errors: EvaluationReport['errors'] = [];
  for (const item of items) {
    const predicted = predict(item.text);
    confusion[item.label][predicted]++;
    if (predicted !== item.label) errors.push({ text: item.text, gold: item.label, predicted });
  }
  const count = (g: (l: GoldLabel) => boolean, p: (l: GoldLabel) => boolean): number =>
    LABELS.reduce((s, gl) => s + LABELS.reduce((t, pl) => t + (g(gl) && p(pl) ? confusion[gl][pl] : 0), 0), 0);
  const esc = (l: GoldLabel): boolean => l !== 'none';
  const tp = count(esc, esc);
  const fp = count((l) => !esc(l), esc);
  const fn = count(esc, (l) => !esc(l));
  const tn = count((l) => !esc(l), (l) => !esc(l));
  const perClass = Object.fromEntries(
    LABELS.map((label) => {
      const ctp = confusion[label][label];
      const cfp = LABELS.reduce((s, g) => s + (g !== label ? confusion[g][label] : 0), 0);
      const cfn = LABELS.reduce((s, p) => s + (p !== label ? confusion[label][p] : 0), 0);
      return [label, { ...prf(ctp, cfp, cfn), support: ctp + cfn }];
    }),
  ) as Record<GoldLabel, ClassScores>;
  const ordinary = tn + fp;
  return {
    total: items.length,
    escalate: { ...prf(tp, fp, fn), support: tp + fn, tp, fp, fn, tn },
    perClass,
    ordinaryEscalatedRate: ordinary === 0 ? 0 : fp / ordinary,
    confusion,
    errors,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const f3 = (x: number): string => x.toFixed(3);

export function formatReport(title: string, r: EvaluationReport): string {
  const lines: string[] = [];
  lines.push(`== ${title} — ${r.total} messages`);
  lines.push(
    `escalate (complaint|human vs none): P=${f3(r.escalate.precision)} R=${f3(r.escalate.recall)} F1=${f3(r.escalate.f1)}  ` +
      `(tp ${r.escalate.tp}, fp ${r.escalate.fp}, fn ${r.escalate.fn}, tn ${r.escalate.tn})`,
  );
  lines.push(`ordinary messages escalated: ${pct(r.ordinaryEscalatedRate)} (${r.escalate.fp}/${r.escalate.fp + r.escalate.tn})`);
  lines.push('per class:');
  for (const l of LABELS) {
    const c = r.perClass[l];
    lines.push(`  ${l.padEnd(10)} P=${f3(c.precision)} R=${f3(c.recall)} F1=${f3(c.f1)} n=${c.support}`);
  }
  lines.push('confusion (rows = gold, columns = predicted):');
  lines.push(`  ${''.padEnd(10)}${LABELS.map((l) => l.padStart(11)).join('')}`);
  for (const g of LABELS) lines.push(`  ${g.padEnd(10)}${LABELS.map((p) => String(r.confusion[g][p]).padStart(11)).join('')}`);
  return lines.join('\n');
}

/* ---- readers --------------------------------------------------------------------------------- */

/**
 * RFC 4180 CSV, by hand (a dozen lines; no CSV library is installed and the format is small):
 * fields separated by commas, optionally quoted with `"`; inside quotes commas and newlines are
 * literal and `""` is one quote; CRLF or LF line ends; a leading UTF-8 BOM is dropped.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field.length === 0) quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field.length > 0 || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

/** CSV with a header row → objects keyed by the header. */
export function parseCsvObjects(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), r[i] ?? ''])));
}

/** Bitext customer-support rows → labelled messages (complaint / contact_human_agent are positives). */
export function bitextToLabelled(rows: Array<Record<string, string>>): LabelledMessage[] {
  return rows
    .filter((r) => r.utterance)
    .map((r) => ({
      text: r.utterance,
      lang: 'en' as const,
      label: r.intent === 'complaint' ? 'complaint' : r.intent === 'contact_human_agent' ? 'human' : 'none',
      subset: r.intent,
    }));
}

/** The Bitext customer-support sample, read in place. */
export function loadBitext(): LabelledMessage[] {
  return bitextToLabelled(parseCsvObjects(readFileSync(path.join(datasetsDir(), 'bitext_customer_support', 'bitext_8k_sample.csv'), 'utf8')));
}

/**
 * A seeded, balanced sample of the online_shopping_10_cats reviews (negative = label 0 stands in for a complaint,
 * positive for an ordinary message). Evaluation only: the data has no licence, so it is read in place and nothing
 * trained on it ships.
 */
export function loadShoppingReviews(size: number, seed = 2026): LabelledMessage[] {
  const rows = parseCsvObjects(gunzipSync(readFileSync(path.join(datasetsDir(), 'online_shopping_10_cats', 'online_shopping_10_cats.csv.gz'))).toString('utf8'));
  const random = seededRandom(seed);
  const pick = (label: string): Array<Record<string, string>> => {
    const rowsOfLabel = rows.filter((row) => row.label === label && row.review.trim().length > 0);
    for (let i = rowsOfLabel.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rowsOfLabel[i], rowsOfLabel[j]] = [rowsOfLabel[j], rowsOfLabel[i]];
    }
    return rowsOfLabel.slice(0, Math.floor(size / 2));
  };
  return [
    ...pick('0').map((row) => ({ text: row.review.trim(), label: 'complaint' as const, lang: 'zh' as const, subset: row.cat })),
    ...pick('1').map((row) => ({ text: row.review.trim(), label: 'none' as const, lang: 'zh' as const, subset: row.cat })),
  ];
}
