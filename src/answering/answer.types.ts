import type { EntryKind, Lang } from '../knowledge/knowledge.types';

export type AnswerOutcome = 'answer' | 'clarify' | 'unknown' | 'smalltalk';
export type EscalationReasonCode = 'low_confidence' | 'complaint' | 'human_requested' | 'handoff_entry' | 'negative_feedback' | 'repeated_question';

export interface AnswerSource {
  id: string;
  kind: EntryKind;
  title: string;
  path: string;
  score: number;
}

export interface AnswerSuggestion {
  id: string;
  question: string;
}

/** The bot's reply to one customer message, before any escalation decision. */
export interface BotAnswer {
  outcome: AnswerOutcome;
  answered: boolean;
  answer: string;
  confidence: number;
  lang: Lang;
  sources: AnswerSource[];
  suggestions: AnswerSuggestion[];
  /** the FAQ entry answered from is marked handoff: true */
  handoffEntry: boolean;
  /** tags of the entry answered from (routing) */
  tags: string[];
  /** how the text was written */
  composer: 'faq' | 'passage' | 'model' | 'smalltalk' | 'clarify' | 'fallback';
}

export interface AskResponse {
  answered: boolean;
  answer: string;
  confidence: number;
  sources: AnswerSource[];
  suggestions: AnswerSuggestion[];
  escalate: null | { reason: EscalationReasonCode };
}
