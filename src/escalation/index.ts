/** Escalation policy: pure rules (no NestJS, no database). */
export {
  decideEscalation,
  DEFAULT_ESCALATION_CONFIG,
  ESCALATION_PRIORITY,
  findRepeatedQuestion,
  isTinyMessage,
  questionSimilarity,
  unknownStreak,
} from './escalation-policy';
export type { AnswerOutcome, EscalationConfig, EscalationDecision, EscalationInput, EscalationReason } from './escalation-policy';
export { detectMood, moodFromScore, ANGRY_AT, ANGRY_EMOJI, FRUSTRATED_AT } from './mood';
export type { Mood, MoodOptions, MoodResult } from './mood';
export { detectHumanRequest, HUMAN_REQUEST_THRESHOLD } from './human-request';
export type { HumanRequestOptions, HumanRequestResult } from './human-request';
export { extractFacts, maskContacts, maskEmail, maskPhone } from './facts';
export type { ExtractedFacts, ExtractFactsOptions } from './facts';
export { buildHandoffSummary, pickIssue, ISSUE_MAX_CHARS } from './summary';
export type { HandoffSummary, HandoffSummaryInput, TranscriptMessage, TranscriptSource } from './summary';
