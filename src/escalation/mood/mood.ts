/**
 * Complaint / anger detector for Chinese and English chat messages.
 *
 * Not a keyword list but a small scoring model:
 *   - every cue has a kind and a weight in 0..1 (roughly "how sure are we this alone is a complaint");
 *   - weights combine as a noisy-OR: score = 1 − Π(1 − wᵢ), so two weak cues add up and no sum exceeds 1;
 *   - the cue tables are cues-zh.ts and cues-en.ts; the context rules that follow live in cue-matching.ts;
 *   - a cue preceded by a negation in the same clause ("不是投诉", "not a complaint", "no complaints")
 *     is dropped, when the cue is marked negatable;
 *   - in a plain question (the cue's own sentence is a question, and the message has no intensity
 *     such as "???" or shouting) the soft cues — impatience and mild negativity — count half, so
 *     "我的快递还没到，在哪里？" or "why is my order still processing?" stays calm;
 *   - an explicit wish to complain ("how do I file a complaint?", "我要投诉", "投诉渠道在哪") is a
 *     strong cue and is NOT dampened by question form: the product treats a request for the
 *     complaint process as a complaint, so a person takes it (matches Bitext's `complaint` intent);
 *   - reports of phishing ("骗子短信冒充你们客服…", "a fake text pretending to be you") weaken the
 *     scam/fraud cues, because the customer is warning us, not accusing us;
 *   - hypotheticals drop a negatable cue like a negation does ("如果不满意可以退吗", "if I'm not happy
 *     with it…"); hedges halve it ("有点失望", "a bit disappointed");
 *   - the word complaint / 投诉 next to a suggestion ("投诉建议邮箱…我想提个建议") counts 40%;
 *   - shouting or swearing alone ("HELLO???", "wtf") is capped at 0.4: frustrated, not a complaint;
 *   - for Chinese, a model learned from the project's labelled messages (complaint-model.ts, reading the features of
 *     complaint-features.ts) joins as one more cue, so dissatisfaction said in words no cue lists
 *     ("橙子又干又酸，跟图片上的完全不是一回事") still counts.
 *
 * mood: angry when score ≥ 0.75, frustrated when ≥ 0.3, else calm.
 */
import { hasCjk, normalizeForMatching, round2 } from '../text';
import { ComplaintModel } from './complaint-model';
import { sharedComplaintModel } from './complaint-training';
import { CueHit, matchCues } from './cue-matching';

export type Mood = 'calm' | 'frustrated' | 'angry';

export interface MoodResult {
  mood: Mood;
  /** 0..1; the policy escalates as a complaint at `complaintThreshold` (default 0.45). */
  complaintScore: number;
  /** `kind:matched text` for each cue that counted, e.g. `complaint:投诉`, `intensity:!!!`. */
  cues: string[];
}

export interface MoodOptions {
  /** Phrases content staff add in kefu.yaml; each counts as a strong, negatable complaint cue. */
  extraComplaintPhrases?: string[];
  /** The learned model read next to the cues: the one trained on the project's labelled messages by default, `null` for the cues alone. */
  model?: ComplaintModel | null;
  /** How the model's probability becomes a cue weight (default LEARNED_FLOOR / LEARNED_MAX); the benchmark's grid varies it. */
  learned?: { floor: number; max: number };
}

export const ANGRY_AT = 0.75;
export const FRUSTRATED_AT = 0.3;
/** Score ceiling when every cue is intensity or swearing ("HELLO???", "wtf"): frustrated, below the bar. */
const INTENSITY_ONLY_CAP = 0.4;
/**
 * The learned model joins the noisy-OR as one more cue: below LEARNED_FLOOR its probability says nothing, above it
 * the weight rises linearly to LEARNED_MAX at probability 1. Chosen on the project's labelled messages with the
 * model cross-validated (`npm run bench:escalation -- --tune` prints the grid: among the best F1 that keep ordinary
 * messages escalated at most 1.8%, a margin under the 2% target; the top of the grid is flat), never on the reviews it
 * is reported on.
 */
export const LEARNED_FLOOR = 0.65;
export const LEARNED_MAX = 0.8;

export function moodFromScore(score: number): Mood {
  if (score >= ANGRY_AT) return 'angry';
  if (score >= FRUSTRATED_AT) return 'frustrated';
  return 'calm';
}

/** Score one customer message for complaint / anger. */
export function detectMood(text: string, options: MoodOptions = {}): MoodResult {
  const normalized = normalizeForMatching(text ?? '');
  if (!normalized) return { mood: 'calm', complaintScore: 0, cues: [] };

  const hits: CueHit[] = matchCues(text, normalized, options.extraComplaintPhrases);
  const model = options.model === undefined ? sharedComplaintModel() : options.model;
  // Chinese only: English complaints are held by the cues, and the English messages are too few to learn from
  if (model && hasCjk(normalized)) {
    const probability = model.probability(text);
    const weight = learnedWeight(probability, options.learned);
    if (weight > 0) hits.push({ label: `learned:${round2(probability)}`, weight, kind: 'learned' });
  }

  let keep = 1;
  for (const h of hits) keep *= 1 - Math.min(0.99, h.weight);
  let complaintScore = round2(1 - keep);
  // shouting or swearing with nothing negative said is impatience, not a complaint
  if (hits.every((h) => h.kind === 'intensity' || h.kind === 'swear')) complaintScore = Math.min(complaintScore, INTENSITY_ONLY_CAP);
  return { mood: moodFromScore(complaintScore), complaintScore, cues: hits.map((h) => h.label) };
}

function learnedWeight(probability: number, { floor, max } = { floor: LEARNED_FLOOR, max: LEARNED_MAX }): number {
  return probability <= floor ? 0 : (max * (probability - floor)) / (1 - floor);
}
