export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

export type KnowledgeFileKind = 'faq' | 'document' | 'announcement' | 'settings';
export type EntryKind = 'faq' | 'document' | 'announcement';
/** The lease an index pass holds while it writes (see KnowledgeIndexer): a snapshot read meanwhile may be half old, half new. */
export const INDEX_LEASE = 'knowledge-index';

export type PhraseRole = 'question' | 'similar' | 'answer' | 'passage' | 'keyword';

/** A problem found in the knowledge folder: shown by `kb check`, the admin API and the logs. */
export interface KnowledgeProblem {
  path: string;
  line?: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface ParsedPhrase {
  role: PhraseRole;
  text: string;
}

/** What an answer is made from: an FAQ entry's answers per language, or a passage of a document / announcement. */
export type EntryContent = { answers: Partial<Record<Lang, string>> } | { text: string };

export interface ParsedEntry {
  id: string;
  kind: EntryKind;
  title: string;
  headingPath: string[];
  position: number;
  lang?: Lang;
  content: EntryContent;
  tags: string[];
  handoff: boolean;
  /** FAQ: { line }; announcement: { activeFrom, activeUntil, keywords } */
  meta: Record<string, unknown>;
  phrases: ParsedPhrase[];
}

export interface ParseResult {
  title?: string;
  entries: ParsedEntry[];
  problems: KnowledgeProblem[];
  /** only for kefu.yaml */
  settings?: BotSettings;
}

export type Localized = Partial<Record<Lang, string>>;

/** kefu.yaml, validated. Every field optional in the file; defaults live with the code that reads them. */
export interface BotSettings {
  botName?: Localized;
  messages?: Partial<Record<'greeting' | 'fallback' | 'clarify' | 'handoff' | 'offline' | 'unattended', Localized>>;
  /** holidays: dates closed all day; workdays: make-up workdays (调休) open on these dates with these hours */
  businessHours?: { timezone: string; weekly: Partial<Record<Weekday, string[]>>; holidays: string[]; workdays?: Record<string, string[]> };
  skillGroups?: Array<{ id: string; name: Localized; tags: string[] }>;
  synonyms?: Record<string, string[]>;
  complaintPhrases?: Partial<Record<Lang, string[]>>;
  answering?: { answerThreshold?: number; clarifyThreshold?: number };
  /** the shop's order-number patterns (regular expressions): they win over card-number detection */
  orderNumbers?: string[];
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
