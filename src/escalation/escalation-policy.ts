/**
 * The escalation policy: should this conversation go to a person now, and why?
 *
 * Pure rules over one customer message plus what the bot did with it and the conversation so far.
 * When several rules apply, the first in this order wins (and is the `reason`):
 *
 *   human_requested > complaint > handoff_entry > negative_feedback > repeated_question > low_confidence
 *
 *  - human_requested: the customer asked for a person (detectHumanRequest).
 *  - complaint: complaint score ≥ `complaintThreshold` (detectMood). An explicit wish to complain
 *    ("我要投诉", "how do I file a complaint?") is a complaint.
 *  - handoff_entry: the FAQ entry the bot answered from is marked `handoff: true`.
 *  - negative_feedback: the customer just rated a bot answer down.
 *  - repeated_question: the customer asks (nearly) the same thing again after the bot *answered* it:
 *    character-bigram Jaccard ≥ `repeatSimilarity` after normalisation; acknowledgements and tiny
 *    messages ("ok", "好的", "谢谢", "?") are never treated as repeats.
 *  - low_confidence: `lowConfidenceStreak` don't-knows in a row, counting this one. A don't-know is
 *    outcome `unknown` or `clarify` (a clarifying question is the bot still not knowing); an `answer`
 *    breaks the streak; `smalltalk` turns neither count nor break it.
 *
 * Every decision carries the scores, the mood and a one-line `detail` naming the evidence.
 */
import { detectHumanRequest, HumanRequestResult } from './human-request';
import { detectMood, Mood, MoodResult } from './mood';
import type { ComplaintModel } from './mood/complaint-model';
import { charBigrams, compactText, contentWeight, jaccard, normalizeText, round2 } from './text';

export type EscalationReason =
  | 'human_requested'
  | 'complaint'
  | 'low_confidence'
  | 'handoff_entry'
  | 'negative_feedback'
  | 'repeated_question';

export type AnswerOutcome = 'answer' | 'clarify' | 'unknown' | 'smalltalk';

export interface EscalationInput {
  /** the customer's latest message */
  text: string;
  /** what the bot did with it */
  answerOutcome?: AnswerOutcome;
  /** 0..1 */
  answerConfidence?: number;
  /** the FAQ entry it answered from has `handoff: true` */
  handoffEntry?: boolean;
  /** the customer just rated a bot answer down */
  thumbsDown?: boolean;
  /** oldest first, this conversation; `previousOutcomes[i]` is what the bot did with `previousCustomerTexts[i]` */
  history?: { previousCustomerTexts: string[]; previousOutcomes: AnswerOutcome[] };
}

export interface EscalationConfig {
  /** complaint score (0..1) at which a message escalates as a complaint (0.45: chosen on held-out batches 2–3 and re-checked with the learned model, see src/escalation/mood/labelled/README.md) */
  complaintThreshold: number;
  /** don't-knows in a row (counting the current one) that escalate */
  lowConfidenceStreak: number;
  /** character-bigram Jaccard (0..1) from which two customer messages are "the same question" */
  repeatSimilarity: number;
  /** kefu.yaml "extra complaint phrases" */
  extraComplaintPhrases: string[];
  /** extra phrases that ask for a person */
  extraHumanPhrases: string[];
  /** the learned complaint model (default: the one trained on the project's labelled messages; `null`: cues only) */
  complaintModel?: ComplaintModel | null;
}

export const DEFAULT_ESCALATION_CONFIG: Readonly<EscalationConfig> = Object.freeze({
  complaintThreshold: 0.45,
  lowConfidenceStreak: 2,
  repeatSimilarity: 0.6,
  extraComplaintPhrases: [],
  extraHumanPhrases: [],
});

export interface EscalationDecision {
  escalate: boolean;
  reason: EscalationReason | null;
  mood: Mood;
  scores: { complaint: number; humanRequest: number };
  /** human-readable evidence for the reason (or why nothing fired) */
  detail: string;
  /** the cues behind the scores: complaint cues, the human-request wording, the repeated text… */
  evidence: string[];
}

/** Priority order, highest first. */
export const ESCALATION_PRIORITY: readonly EscalationReason[] = [
  'human_requested',
  'complaint',
  'handoff_entry',
  'negative_feedback',
  'repeated_question',
  'low_confidence',
];

/** Messages that are never "the same question again". */
const ACKNOWLEDGEMENT = /^(?:ok|okay|k|yes|yeah|yep|no|nope|thanks?|thank you|thx|ty|hi|hello|hey|bye|sure|fine|great|cool|got it|好|好的|好吧|嗯|嗯嗯|哦|噢|行|可以|谢谢|谢谢你|多谢|感谢|你好|您好|在吗|在不在|是的|对|不是|没有|拜拜|再见|\?+|!+)$/;
const MIN_REPEAT_WEIGHT = 6; // ≈ three Chinese characters or six Latin letters of content

export function isTinyMessage(text: string): boolean {
  const n = normalizeText(text).replace(/[\s.,!?~。，！？、…]+$/g, '').replace(/^[\s.,!?~。，！？、…]+/g, '');
  return ACKNOWLEDGEMENT.test(n) || contentWeight(n) < MIN_REPEAT_WEIGHT;
}

/** Character-bigram Jaccard of two messages after normalisation (case, width, punctuation, spaces). */
export function questionSimilarity(a: string, b: string): number {
  return jaccard(charBigrams(compactText(normalizeText(a))), charBigrams(compactText(normalizeText(b))));
}

export function findRepeatedQuestion(
  text: string,
  history: EscalationInput['history'],
  threshold: number,
): { previous: string; similarity: number } | null {
  if (!history || isTinyMessage(text)) return null;
  let best: { previous: string; similarity: number } | null = null;
  history.previousCustomerTexts.forEach((previous, i) => {
    if (history.previousOutcomes[i] !== 'answer' || isTinyMessage(previous)) return;
    const similarity = questionSimilarity(text, previous);
    if (similarity >= threshold && (!best || similarity > best.similarity)) best = { previous, similarity };
  });
  return best;
}

/** Consecutive don't-knows ending with the current turn (0 when the current turn is not one). */
/** Turns in a row where the bot did not know (a clarifying question is the bot still not knowing); an answer ends it. */
export function unknownStreak(current: AnswerOutcome | undefined, previous: AnswerOutcome[] = []): number {
  if (current !== 'unknown' && current !== 'clarify') return 0;
  let streak = 1;
  for (let i = previous.length - 1; i >= 0; i--) {
    const o = previous[i];
    if (o === 'unknown' || o === 'clarify') streak++;
    else if (o === 'answer') break;
    // smalltalk: transparent
  }
  return streak;
}

function clip(s: string, n = 40): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}

export function decideEscalation(input: EscalationInput, config: Partial<EscalationConfig> = {}): EscalationDecision {
  const cfg: EscalationConfig = { ...DEFAULT_ESCALATION_CONFIG, ...config };
  const text = input.text ?? '';
  const mood: MoodResult = detectMood(text, { extraComplaintPhrases: cfg.extraComplaintPhrases, model: cfg.complaintModel });
  const human: HumanRequestResult = detectHumanRequest(text, { extraHumanPhrases: cfg.extraHumanPhrases });
  const scores = { complaint: mood.complaintScore, humanRequest: human.score };
  const base = { mood: mood.mood, scores };

  const decide = (reason: EscalationReason, detail: string, evidence: string[]): EscalationDecision => ({
    escalate: true,
    reason,
    ...base,
    detail,
    evidence,
  });

  if (human.requested) {
    return decide('human_requested', `asked for a person: "${human.cue}" (score ${human.score})`, [`human:${human.cue}`, ...mood.cues]);
  }
  if (mood.complaintScore >= cfg.complaintThreshold) {
    return decide(
      'complaint',
      `complaint score ${mood.complaintScore} ≥ ${cfg.complaintThreshold} (${mood.mood}); cues: ${mood.cues.join(', ')}`,
      mood.cues,
    );
  }
  if (input.handoffEntry) {
    return decide('handoff_entry', 'the FAQ entry used for the answer is marked handoff: true', []);
  }
  if (input.thumbsDown) {
    return decide('negative_feedback', 'the customer rated a bot answer down', []);
  }
  const repeat = findRepeatedQuestion(text, input.history, cfg.repeatSimilarity);
  if (repeat) {
    const sim = round2(repeat.similarity);
    return decide(
      'repeated_question',
      `asked again after the bot answered: "${clip(repeat.previous)}" (similarity ${sim} ≥ ${cfg.repeatSimilarity})`,
      [`repeat:${repeat.previous}`],
    );
  }
  const streak = unknownStreak(input.answerOutcome, input.history?.previousOutcomes);
  if (streak >= cfg.lowConfidenceStreak) {
    const conf = input.answerConfidence !== undefined ? `, confidence ${round2(input.answerConfidence)}` : '';
    return decide('low_confidence', `${streak} unanswered questions in a row (limit ${cfg.lowConfidenceStreak}${conf})`, [`streak:${streak}`]);
  }

  const why = [
    `complaint ${mood.complaintScore} < ${cfg.complaintThreshold}`,
    `human request ${human.score} < 0.5`,
    streak > 0 ? `don't-know streak ${streak} < ${cfg.lowConfidenceStreak}` : null,
  ].filter(Boolean);
  return { escalate: false, reason: null, ...base, detail: `no rule fired (${why.join('; ')})`, evidence: mood.cues };
}
