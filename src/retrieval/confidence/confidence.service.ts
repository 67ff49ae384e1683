import { Injectable, Logger } from '@nestjs/common';
import { trainClassifier } from '../classifier/classifier-trainer';
import type { IntentClassifier } from '../classifier/intent-classifier';
import type { OutOfScopeSignals } from '../classifier/out-of-scope';
import { HybridSearchService, SearchOptions, SearchResult } from '../hybrid-search.service';
import { KnowledgeSnapshotService, Snapshot } from '../knowledge-snapshot.service';
import { ModelStore } from '../models/model-store.service';
import { CAUTION, fitCautiously } from './cautious-fit';
import { CandidateModels, ConfidenceModel, ownWeight, predictConfidence, PRIOR_MODELS } from './confidence-model';
import { fitLogistic } from './logistic-regression';

/**
 * What decides how sure the bot may be: how well the best candidate matches (words, meaning, the classifier, how much
 * of the question it holds), how far ahead of the next it is, and how much of the question the folder covers at all.
 */
export function candidateFeatures(result: Pick<SearchResult, 'hits' | 'signals'>): number[] {
  const [first, second] = result.hits;
  if (!first) return new Array(FEATURE_COUNT).fill(0);
  const fusedMargin = second ? (first.fused - second.fused) / first.fused : 1;
  const signals: Partial<OutOfScopeSignals> = result.signals ?? {};
  return [
    first.lexical,
    first.dense,
    first.lexical - (second?.lexical ?? 0),
    first.dense - (second?.dense ?? 0),
    fusedMargin,
    first.lexical * Math.max(0, first.dense),
    first.classifier,
    first.classifier - (second?.classifier ?? 0),
    signals.coverage ?? 0,
    1 - (signals.entropy ?? 1),
    first.coverage,
    first.coverage - (second?.coverage ?? 0),
  ];
}

export const FEATURE_COUNT = 12;

/** Until a folder has phrasings to calibrate on, the prior shipped with the code alone. */
const PRIOR_ONLY: ConfidenceModel = { prior: PRIOR_MODELS, ownWeight: 0 };
const PHRASE_PROBES = 300;
const ENTRY_PROBES = 100;
/** questions typed (nearly) as the FAQ has them: they must come out confident, and held-out probes never show that */
const VERBATIM_PROBES = 100;
const MIN_ENTRIES_TO_CALIBRATE = 8;
/** the most of a folder's classifier examples one probe classifier is trained without */
const MAX_HELD_OUT_SHARE = 0.2;
/** Folders with at least this many FAQ phrasings keep their calibration across small edits… */
const RECALIBRATE_FROM = 2000;
/** …that change the number of phrasings by at most this share. */
const SMALL_CHANGE = 0.02;
/**
 * Part of the stored calibration's key: change it whenever calibration changes what it produces for the same index
 * (fusion weights included: they shape the features).
 */
const CALIBRATION_FORMAT = `confidence-2-features-${FEATURE_COUNT}`;

export interface CalibrationReport {
  version: number;
  calibrated: boolean;
  probes: number;
  /** held-out phrasings among the probes: how much the folder's own calibration counts against the prior */
  phraseProbes: number;
  ownWeight: number;
  heldOutAccuracy: number;
  /** how much more a wrong answer counted than a right one in the folder's own answer model (fitCautiously) */
  wrongWeight?: number;
  durationMs: number;
  /** the index version whose calibration this one kept, after an edit too small to refit a large folder for */
  keptFrom?: number;
}

/**
 * What is stored per index version: the folder's own fit without the prior, so that a prior refitted in a new
 * release applies to the stored calibrations too.
 */
interface StoredCalibration {
  own?: CandidateModels;
  ownWeight: number;
  /** the classifier's examples it was fitted on: how big the folder was */
  phrasings: number;
  report: CalibrationReport;
}

/**
 * Confidence in 0..1 that the top candidate is the right answer, calibrated on the folder itself: each probe holds
 * one FAQ phrasing out and asks it (correct when its own entry still comes first), or holds a whole entry out and
 * asks its question (never correct: a near-miss out-of-scope question). A logistic model over candidateFeatures is
 * fitted on those outcomes once per index version and deployment (ModelStore): every instance scores with the same.
 */
@Injectable()
export class ConfidenceService {
  private readonly logger = new Logger(ConfidenceService.name);
  /** the model for an index version; `settled` once its calibration has finished */
  private cached?: { version: number; model: Promise<ConfidenceModel>; settled?: ConfidenceModel };
  /** the newest model whose calibration finished: what questions are scored with while a newer index calibrates */
  private lastModel?: ConfidenceModel;
  report?: CalibrationReport;

  constructor(
    private readonly snapshots: KnowledgeSnapshotService,
    private readonly search: HybridSearchService,
    private readonly models: ModelStore,
  ) {}

  /**
   * How likely the first candidate is the right answer (`answer`), and the right answer is among the first three
   * (`suggest`: whether asking back with them helps the customer).
   */
  async assess(result: SearchResult): Promise<{ answer: number; suggest: number }> {
    if (result.hits.length === 0) return { answer: 0, suggest: 0 };
    const model = await this.currentModel(result.snapshot);
    const features = candidateFeatures(result);
    return { answer: predictConfidence(model, features, 'answer'), suggest: predictConfidence(model, features, 'suggest') };
  }

  /**
   * The snapshot's model once calibrated; until then the previous one, so that no customer waits for a calibration
   * (seconds on a large folder). Only the very first calibration is waited for (readiness waits for it too).
   */
  private currentModel(snapshot: Snapshot): ConfidenceModel | Promise<ConfidenceModel> {
    const model = this.modelFor(snapshot);
    return this.cached?.settled ?? this.lastModel ?? model;
  }

  /** The snapshot's version's calibration: loaded as stored by whichever instance calibrated it, or calibrated here. */
  modelFor(snapshot: Snapshot): Promise<ConfidenceModel> {
    if (this.cached?.version === snapshot.version) return this.cached.model;
    const model = this.models
      .obtain<StoredCalibration>({
        kind: 'confidence',
        indexVersion: snapshot.version,
        fingerprint: `${snapshot.fingerprint}|${CALIBRATION_FORMAT}`,
        build: async (previous) => (await this.keptCalibration(snapshot, await previous())) ?? this.calibrate(snapshot),
      })
      .then((stored): ConfidenceModel => {
        // calibrations of two versions may finish out of order: the report stays the newest version's
        if (!this.report || stored.report.version >= this.report.version) this.report = stored.report;
        return stored.own ? { prior: PRIOR_MODELS, own: stored.own, ownWeight: stored.ownWeight } : PRIOR_ONLY;
      })
      .catch((error: Error) => {
        this.logger.error(`Calibration failed, using the prior confidence model: ${error.message}`);
        return PRIOR_ONLY;
      });
    this.cached = { version: snapshot.version, model };
    void model.then((fitted) => {
      if (this.cached?.model !== model && this.lastModel) return; // a newer index is calibrating already
      this.lastModel = fitted;
      if (this.cached?.model === model) this.cached.settled = fitted;
    });
    return model;
  }

  /** An edit that leaves a large folder about the same size keeps the previous calibration: refitting costs seconds. */
  private async keptCalibration(snapshot: Snapshot, previous: StoredCalibration | undefined): Promise<StoredCalibration | undefined> {
    const phrasings = snapshot.examples.length;
    if (!previous?.own || phrasings < RECALIBRATE_FROM || Math.abs(phrasings - previous.phrasings) > phrasings * SMALL_CHANGE) return undefined;
    this.logger.log(`Kept the confidence calibration of index version ${previous.report.version} for version ${snapshot.version}: the folder barely changed`);
    return { ...previous, phrasings, report: { ...previous.report, version: snapshot.version, keptFrom: previous.report.keptFrom ?? previous.report.version } };
  }

  private async calibrate(snapshot: Snapshot): Promise<StoredCalibration> {
    const started = Date.now();
    const phrasings = snapshot.examples.length;
    const questionsByEntry = new Map<string, number[]>();
    for (const [phraseId, phrase] of snapshot.phrases) {
      if (phrase.role !== 'question' && phrase.role !== 'similar') continue;
      const list = questionsByEntry.get(phrase.entryId) ?? [];
      list.push(phraseId);
      questionsByEntry.set(phrase.entryId, list);
    }
    const entries = [...questionsByEntry.keys()].sort();
    if (entries.length < MIN_ENTRIES_TO_CALIBRATE) {
      return { ownWeight: 0, phrasings, report: { version: snapshot.version, calibrated: false, probes: 0, phraseProbes: 0, ownWeight: 0, heldOutAccuracy: 0, durationMs: Date.now() - started } };
    }
    const texts = await this.search.phraseTexts([...questionsByEntry.values()].flat());
    // probes are stored phrasings: their stored vectors spare the embedding server hundreds of calls per calibration
    const vectors = await this.search.phraseVectors([...questionsByEntry.values()].flat());
    const random = seededRandom(snapshot.version + entries.length);
    /**
     * label: the first candidate is right; inTop3: the right one is among the first three; byDocument: the first
     * candidate is a document passage (which may well answer an FAQ phrasing too)
     */
    type Point = { features: number[]; label: boolean; inTop3: boolean; byDocument: boolean };
    const probe = (result: SearchResult, entryId: string | undefined): Point => ({
      features: candidateFeatures(result),
      label: entryId !== undefined && result.hits[0]?.entry.id === entryId,
      inTop3: entryId !== undefined && result.hits.slice(0, 3).some((hit) => hit.entry.id === entryId),
      byDocument: result.hits[0]?.entry.kind === 'document',
    });
    /** what the answer model is fitted on, and what the suggest model is fitted on (see the folds below) */
    const points: Point[] = [];
    const suggestPoints: Point[] = [];

    // at most a fifth of the entries are held out whole, so the probe classifier still knows most of the folder
    const heldOutEntries = sample(entries, Math.min(ENTRY_PROBES, Math.floor(entries.length / 5)), random);
    const heldOutLabels = new Set(heldOutEntries);
    const phraseCandidates = entries
      .filter((entryId) => !heldOutLabels.has(entryId))
      .flatMap((entryId) => (questionsByEntry.get(entryId)!.length >= 2 ? questionsByEntry.get(entryId)!.map((phraseId) => ({ entryId, phraseId })) : []));
    const heldOutPhrases = sample(phraseCandidates, PHRASE_PROBES, random);
    // the classifier must not have seen what it is probed with. The answer model reads probes of one trained without
    // every held-out phrasing: in a small folder that is most of its phrasings, so it errs more than the classifier
    // customers meet, which keeps answers cautious. The suggest model reads probes of classifiers each trained without
    // one fold (at most a fifth of the examples): close to the customers' one, so that the bot does not decline,
    // without suggestions, questions whose answer its first three would hold.
    const trainedWithout = async (heldOutIds: ReadonlySet<number>): Promise<IntentClassifier | undefined> =>
      snapshot.classifier
        ? trainClassifier(snapshot.examples.filter((example) => !heldOutIds.has(example.phraseId) && !heldOutLabels.has(example.label)), snapshot.featurize, snapshot.synonyms)
        : undefined;
    const withoutAll = await trainedWithout(new Set(heldOutPhrases.map((held) => held.phraseId)));
    const foldSize = Math.max(1, Math.floor(snapshot.examples.length * MAX_HELD_OUT_SHARE));
    const ask = async (phraseId: number, classifier: IntentClassifier | undefined, exclude: SearchOptions['exclude']) =>
      this.search.searchWithSignals(texts.get(phraseId) ?? '', { limit: 3, kinds: ['faq', 'document'], exclude, classifier, queryVector: vectors.get(phraseId) });
    for (let start = 0; start < heldOutPhrases.length; start += foldSize) {
      const fold = heldOutPhrases.slice(start, start + foldSize);
      const foldClassifier = fold.length < heldOutPhrases.length ? await trainedWithout(new Set(fold.map((held) => held.phraseId))) : withoutAll;
      for (const { entryId, phraseId } of fold) {
        const cautious = probe(await ask(phraseId, withoutAll, { phraseIds: new Set([phraseId]) }), entryId);
        points.push(cautious);
        suggestPoints.push(foldClassifier === withoutAll ? cautious : probe(await ask(phraseId, foldClassifier, { phraseIds: new Set([phraseId]) }), entryId));
      }
    }
    for (const { entryId, phraseId } of sample(phraseCandidates, VERBATIM_PROBES, random)) {
      const verbatim = probe(await ask(phraseId, undefined, undefined), entryId);
      points.push(verbatim);
      suggestPoints.push(verbatim);
    }
    for (const entryId of heldOutEntries) {
      const missing = probe(await ask(questionsByEntry.get(entryId)![0], withoutAll, { entryIds: new Set([entryId]) }), undefined);
      points.push(missing);
      suggestPoints.push(missing);
    }
    const positives = points.filter((point) => point.label).length;
    const heldOutAccuracy = points.slice(0, heldOutPhrases.length).filter((point) => point.label).length / Math.max(1, heldOutPhrases.length);
    const weight = ownWeight(heldOutPhrases.length);
    if (positives < 5 || positives === points.length || weight === 0) {
      this.logger.log(`Too few phrasings to calibrate confidence on (${heldOutPhrases.length} held out); using the prior calibration shipped with kefu`);
      return { ownWeight: 0, phrasings, report: { version: snapshot.version, calibrated: false, probes: points.length, phraseProbes: heldOutPhrases.length, ownWeight: 0, heldOutAccuracy, durationMs: Date.now() - started } };
    }
    const inScopeProbes = points.length - heldOutEntries.length;
    const answer = fitCautiously(
      // the wrong-answer rate is read on the in-scope probes, held out and verbatim, as customers ask both; a phrasing
      // whose first candidate is a passage is left out of it: a folder's documents often say what its FAQ says
      points.map((point, index) => ({ features: point.features, label: point.label, asked: index < inScopeProbes && (point.label || !point.byDocument) })),
      CAUTION,
    );
    // whole entries held out stand for the questions the folder does not hold; how often customers ask those is
    // unknown, so they count as much as the rest
    const outOfScope = heldOutEntries.length;
    const outOfScopeWeight = outOfScope > 0 ? (points.length - outOfScope) / outOfScope : 1;
    const suggest = fitLogistic(suggestPoints.map((point, index) => ({ features: point.features, label: point.inTop3, weight: index >= points.length - outOfScope ? outOfScopeWeight : 1 })));
    const report: CalibrationReport = { version: snapshot.version, calibrated: true, probes: points.length, phraseProbes: heldOutPhrases.length, ownWeight: weight, heldOutAccuracy, wrongWeight: answer.wrongWeight, durationMs: Date.now() - started };
    this.logger.log(
      `Calibrated confidence on ${points.length} held-out probes (top-1 on held-out phrasings ${(heldOutAccuracy * 100).toFixed(1)}%) in ${report.durationMs} ms; wrong answers weighed ×${answer.wrongWeight}; weighed ${weight.toFixed(2)} against the shipped prior`,
    );
    return { own: { answer: answer.model, suggest }, ownWeight: weight, phrasings, report };
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
