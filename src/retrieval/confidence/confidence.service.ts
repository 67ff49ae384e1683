import { Injectable, Logger } from '@nestjs/common';
import { HybridSearchService, SearchHit } from '../hybrid-search.service';
import { KnowledgeSnapshotService, Snapshot } from '../knowledge-snapshot.service';
import { fitLogistic, LogisticModel, predictLogistic } from './logistic-regression';

/** What decides how sure the bot may be: how well the best candidate matches, and how far ahead of the next it is. */
export function candidateFeatures(hits: SearchHit[]): number[] {
  const [first, second] = hits;
  if (!first) return [0, 0, 0, 0, 0, 0];
  const fusedMargin = second ? (first.fused - second.fused) / first.fused : 1;
  return [first.lexical, first.dense, first.lexical - (second?.lexical ?? 0), first.dense - (second?.dense ?? 0), fusedMargin, first.lexical * Math.max(0, first.dense)];
}

/** Used until a folder has enough FAQ phrasings to calibrate on: roughly "most of the words match, and the meaning too". */
const DEFAULT_MODEL: LogisticModel = { weights: [3, 3, 1, 1, 1, 0], bias: -4.2, means: [0, 0, 0, 0, 0, 0], scales: [1, 1, 1, 1, 1, 1] };
const PHRASE_PROBES = 300;
const ENTRY_PROBES = 100;
/** questions typed (nearly) as the FAQ has them: they must come out confident, and held-out probes never show that */
const VERBATIM_PROBES = 100;
const MIN_ENTRIES_TO_CALIBRATE = 8;

export interface CalibrationReport {
  version: number;
  calibrated: boolean;
  probes: number;
  heldOutAccuracy: number;
  durationMs: number;
}

/**
 * Confidence in 0..1 that the top candidate is the right answer, calibrated on the folder itself (QUALITY-IDEAS 2):
 * each probe holds one FAQ phrasing out and asks it (correct when its own entry still comes first), or holds a whole
 * entry out and asks its question (never correct: a near-miss out-of-scope question). A logistic model over
 * candidateFeatures is fitted on those outcomes, once per index version.
 */
@Injectable()
export class ConfidenceService {
  private readonly logger = new Logger(ConfidenceService.name);
  private cached?: { version: number; model: Promise<LogisticModel> };
  report?: CalibrationReport;

  constructor(
    private readonly snapshots: KnowledgeSnapshotService,
    private readonly search: HybridSearchService,
  ) {}

  async confidence(hits: SearchHit[]): Promise<number> {
    const snapshot = await this.snapshots.get();
    return predictLogistic(await this.modelFor(snapshot), candidateFeatures(hits));
  }

  modelFor(snapshot: Snapshot): Promise<LogisticModel> {
    if (this.cached?.version !== snapshot.version) {
      this.cached = { version: snapshot.version, model: this.calibrate(snapshot).catch((error: Error) => {
        this.logger.error(`Calibration failed, using the default confidence model: ${error.message}`);
        return DEFAULT_MODEL;
      }) };
    }
    return this.cached.model;
  }

  private async calibrate(snapshot: Snapshot): Promise<LogisticModel> {
    const started = Date.now();
    const questionsByEntry = new Map<string, number[]>();
    for (const [phraseId, phrase] of snapshot.phrases) {
      if (phrase.role !== 'question' && phrase.role !== 'similar') continue;
      const list = questionsByEntry.get(phrase.entryId) ?? [];
      list.push(phraseId);
      questionsByEntry.set(phrase.entryId, list);
    }
    const entries = [...questionsByEntry.keys()].sort();
    if (entries.length < MIN_ENTRIES_TO_CALIBRATE) {
      this.report = { version: snapshot.version, calibrated: false, probes: 0, heldOutAccuracy: 0, durationMs: Date.now() - started };
      return DEFAULT_MODEL;
    }
    const texts = await this.search.phraseTexts([...questionsByEntry.values()].flat());
    const random = seededRandom(snapshot.version + entries.length);
    const points: Array<{ features: number[]; label: boolean }> = [];

    const phraseCandidates = entries.flatMap((entryId) => (questionsByEntry.get(entryId)!.length >= 2 ? questionsByEntry.get(entryId)!.map((phraseId) => ({ entryId, phraseId })) : []));
    for (const { entryId, phraseId } of sample(phraseCandidates, PHRASE_PROBES, random)) {
      const hits = await this.search.search(texts.get(phraseId) ?? '', { limit: 3, kinds: ['faq', 'document'], exclude: { phraseIds: new Set([phraseId]) } });
      points.push({ features: candidateFeatures(hits), label: hits[0]?.entry.id === entryId });
    }
    for (const { entryId, phraseId } of sample(phraseCandidates, VERBATIM_PROBES, random)) {
      const hits = await this.search.search(texts.get(phraseId) ?? '', { limit: 3, kinds: ['faq', 'document'] });
      points.push({ features: candidateFeatures(hits), label: hits[0]?.entry.id === entryId });
    }
    for (const entryId of sample(entries, ENTRY_PROBES, random)) {
      const phraseId = questionsByEntry.get(entryId)![0];
      const hits = await this.search.search(texts.get(phraseId) ?? '', { limit: 3, kinds: ['faq', 'document'], exclude: { entryIds: new Set([entryId]) } });
      points.push({ features: candidateFeatures(hits), label: false });
    }
    const positives = points.filter((point) => point.label).length;
    if (positives < 5 || positives === points.length) return DEFAULT_MODEL;
    const model = fitLogistic(points);
    const heldOutAccuracy = points.slice(0, Math.min(PHRASE_PROBES, phraseCandidates.length)).filter((point) => point.label).length / Math.min(PHRASE_PROBES, phraseCandidates.length);
    this.report = { version: snapshot.version, calibrated: true, probes: points.length, heldOutAccuracy, durationMs: Date.now() - started };
    this.logger.log(`Calibrated confidence on ${points.length} held-out probes (top-1 on held-out phrasings ${(heldOutAccuracy * 100).toFixed(1)}%) in ${this.report.durationMs} ms`);
    return model;
  }
}

function seededRandom(seed: number): () => number {
  let state = (seed * 2654435761) >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function sample<T>(items: T[], count: number, random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, count);
}
