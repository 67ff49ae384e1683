import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { decideEscalation } from '../escalation';
import type { StoredEntry } from '../knowledge/knowledge.repository';
import type { Lang } from '../knowledge/knowledge.types';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ConfidenceService } from '../retrieval/confidence/confidence.service';
import { HybridSearchService, SearchHit } from '../retrieval/hybrid-search.service';
import { KnowledgeSnapshotService, Snapshot } from '../retrieval/knowledge-snapshot.service';
import { answers } from '../metrics/metrics';
import { Reranker, RERANKER } from '../retrieval/reranker';
import { detectLanguage } from '../retrieval/text/normalize';
import { announcementLead, matchingAnnouncements } from './announcements';
import type { AnswerSource, AnswerSuggestion, AskResponse, BotAnswer } from './answer.types';
import { botMessage } from './bot-messages';
import { GROUNDED_GENERATOR, GroundedGenerator } from './grounded-generator';
import { extractPassage } from './passage';
import { detectSmallTalk, smallTalkReply, stripPleasantries } from './small-talk';

/** Defaults when kefu.yaml has no `answering` thresholds; chosen with npm run bench:quality (README). */
export const DEFAULT_THRESHOLDS = { answer: 0.5, clarify: 0.15 };
const CANDIDATES = 5;
const DEFAULT_ANSWER_BUDGET_MS = 4000;
const NOTICE_CHARS = 240;

export interface AnswerOptions {
  lang?: Lang;
  now?: Date;
  /** the index version to answer from; taken once when not given, so that every step of the answer reads the same */
  snapshot?: Snapshot;
}

/**
 * Answers one customer message: small talk briefly; otherwise retrieval, a calibrated confidence and one of three
 * outcomes — answer (the FAQ answer as written, a passage trimmed to whole sentences, or with a model a grounded
 * reply over the retrieved passages), clarify ("did you mean" with up to 3 suggestions), or an honest "I don't know".
 */
@Injectable()
export class AnsweringService {
  private readonly logger = new Logger(AnsweringService.name);

  constructor(
    private readonly snapshots: KnowledgeSnapshotService,
    private readonly search: HybridSearchService,
    private readonly confidence: ConfidenceService,
    @Optional() @Inject(GROUNDED_GENERATOR) private readonly generator?: GroundedGenerator,
    @Optional() @Inject(RERANKER) private readonly reranker?: Reranker,
    @Optional() @Inject(APP_CONFIG) private readonly config?: AppConfig,
  ) {}

  /** POST /api/v1/ask: one question, no conversation; the escalation decision is for this message alone. */
  async ask(question: string, options: AnswerOptions = {}): Promise<AskResponse> {
    const snapshot = options.snapshot ?? (await this.snapshots.get());
    const reply = await this.answer(question, { ...options, snapshot });
    const decision = decideEscalation(
      { text: question, answerOutcome: reply.outcome, answerConfidence: reply.confidence, handoffEntry: reply.handoffEntry },
      // with no conversation to go on, one "I don't know" is already the end of what the bot can do (asking back is not)
      { lowConfidenceStreak: reply.outcome === 'unknown' ? 1 : 2, extraComplaintPhrases: complaintPhrases(snapshot) },
    );
    return {
      answered: reply.answered,
      answer: reply.answer,
      confidence: round(reply.confidence),
      sources: reply.sources,
      suggestions: reply.suggestions,
      escalate: decision.escalate && decision.reason ? { reason: decision.reason } : null,
    };
  }

  async answer(question: string, options: AnswerOptions = {}): Promise<BotAnswer> {
    const reply = await this.reply(question, options);
    answers.inc({ outcome: reply.outcome });
    return reply;
  }

  private async reply(question: string, options: AnswerOptions): Promise<BotAnswer> {
    const snapshot = options.snapshot ?? (await this.snapshots.get());
    const settings = snapshot.settings;
    const lang = options.lang ?? detectLanguage(question);
    const smallTalk = detectSmallTalk(question);
    if (smallTalk) {
      return { ...EMPTY, outcome: 'smalltalk', answered: true, confidence: 1, lang, composer: 'smalltalk', answer: smallTalkReply(smallTalk, lang, smallTalk === 'greeting' ? botMessage(settings, 'greeting', lang) : undefined) };
    }
    const query = stripPleasantries(question);
    // one budget for the model calls of this answer (query embedding, re-ranking, generation); past it, words alone
    const deadline = Date.now() + (this.config?.answerBudgetMs ?? DEFAULT_ANSWER_BUDGET_MS);
    const result = await this.search.searchWithSignals(query, { limit: CANDIDATES, kinds: ['faq', 'document'], snapshot });
    const { answer: confidence, suggest } = await this.confidence.assess(result);
    const hits = await this.reranked(query, result.hits, deadline);
    const thresholds = { answer: settings.answering?.answerThreshold ?? DEFAULT_THRESHOLDS.answer, clarify: settings.answering?.clarifyThreshold ?? DEFAULT_THRESHOLDS.clarify };
    const notices = matchingAnnouncements(snapshot.announcements, query, options.now ?? new Date());
    const notice = notices.map((entry) => announcementLead(entry, lang, NOTICE_CHARS)).join('\n\n');
    const withNotice = (text: string) => (notice ? `${notice}\n\n${text}` : text);
    const noticeSources = notices.map((entry) => source(entry, 1));

    const composed = confidence >= thresholds.answer && !isVague(query, hits, snapshot.analysis.tokenizer) ? await this.compose(query, lang, hits, deadline, snapshot) : undefined;
    if (composed) {
      const top = hits[0];
      const offer = top.entry.handoff ? `\n\n${botMessage(settings, 'handoffOffer', lang)}` : '';
      return {
        outcome: 'answer',
        answered: true,
        answer: withNotice(composed.text + offer),
        confidence,
        lang,
        sources: [...noticeSources, ...composed.sources.map((entry, index) => source(entry, index === 0 ? confidence : Math.min(confidence, hits.find((hit) => hit.entry.id === entry.id)?.dense ?? 0)))],
        suggestions: [],
        handoffEntry: top.entry.handoff,
        tags: top.entry.tags,
        composer: composed.composer,
      };
    }
    const suggestions = suggestionsFrom(hits, lang);
    // asking back with candidates that are unlikely to hold the answer only delays "I don't know" and a person
    if (suggest >= thresholds.clarify && suggestions.length > 0) {
      const lines = suggestions.map((suggestion, index) => `${index + 1}. ${suggestion.question}`).join('\n');
      return { ...EMPTY, outcome: 'clarify', answered: false, lang, confidence, suggestions, sources: noticeSources, composer: 'clarify', answer: withNotice(`${botMessage(settings, 'clarify', lang)}\n${lines}`) };
    }
    return { ...EMPTY, outcome: 'unknown', answered: false, lang, confidence, sources: noticeSources, composer: 'fallback', answer: withNotice(botMessage(settings, 'fallback', lang)) };
  }

  /** The reply text for a confident hit; undefined when the model read the passages and found no answer in them. */
  private async compose(query: string, lang: Lang, hits: SearchHit[], deadline: number, snapshot: Snapshot): Promise<{ text: string; sources: StoredEntry[]; composer: BotAnswer['composer'] } | undefined> {
    const top = hits[0].entry;
    if (top.kind === 'faq') {
      const answers = (top.content as { answers: Partial<Record<Lang, string>> }).answers;
      return { text: answers[lang] ?? answers[lang === 'zh' ? 'en' : 'zh'] ?? '', sources: [top], composer: 'faq' };
    }
    if (this.generator) {
      const passages = hits.filter((hit) => hit.entry.kind === 'document').slice(0, 3).map((hit) => hit.entry);
      const generated = await this.generator.generate({ question: query, lang, passages, timeoutMs: deadline - Date.now() }).catch((error: Error) => {
        this.logger.warn(`Grounded generation failed, answering with the passage: ${error.message}`);
        return undefined;
      });
      if (generated?.answerable) {
        const cited = passages.filter((entry) => generated.citations.includes(entry.id));
        return { text: generated.answer, sources: cited.length ? cited : [top], composer: 'model' };
      }
      if (generated && !generated.answerable) return undefined;
    }
    const tokenizer = snapshot.analysis.tokenizer;
    const passage = extractPassage(textOf(top), new Set(tokenizer.words(query)), (text) => tokenizer.words(text));
    const where = [top.title, ...top.headingPath].join(' › ');
    const citation = lang === 'zh' ? `（摘自《${where}》）` : `(from "${where}")`;
    return { text: `${passage}\n${citation}`, sources: [top], composer: 'passage' };
  }

  /** What the chat window shows before the customer writes: kefu.yaml's greeting and the bot's name. */
  async welcome(lang: Lang): Promise<{ greeting: string; botName?: string }> {
    const { settings } = await this.snapshots.get();
    const botName = settings.botName?.[lang] ?? settings.botName?.[lang === 'zh' ? 'en' : 'zh'];
    return { greeting: botMessage(settings, 'greeting', lang), ...(botName ? { botName } : {}) };
  }

  /**
   * The candidates in the re-ranker's order, within its share of the budget; as they were when it fails (its circuit
   * breaker then spares the next questions the wait). Confidence stays the retrieval's own, calibrated on the folder.
   */
  private async reranked(query: string, hits: SearchHit[], deadline: number): Promise<SearchHit[]> {
    if (!this.reranker || hits.length < 2) return hits;
    const timeoutMs = Math.min(deadline - Date.now(), (this.config?.answerBudgetMs ?? DEFAULT_ANSWER_BUDGET_MS) / 4);
    if (timeoutMs <= 0) return hits;
    try {
      const scores = await this.reranker.rerank(query, hits.map((hit) => rerankText(hit.entry)), timeoutMs);
      return hits.map((hit, index) => ({ hit, score: scores[index] })).sort((a, b) => b.score - a.score).map(({ hit }) => hit);
    } catch (error) {
      this.logger.warn(`Re-ranking failed, keeping the retrieval order: ${(error as Error).message}`);
      return hits;
    }
  }
}

function complaintPhrases(snapshot: Snapshot): string[] {
  const phrases = snapshot.settings.complaintPhrases;
  return [...(phrases?.zh ?? []), ...(phrases?.en ?? [])];
}

/** Close rivals on a question of one word ("退货?", "refund"): asking back beats guessing which of them was meant. */
function isVague(query: string, hits: SearchHit[], tokenizer: { words(text: string): string[] }): boolean {
  const [first, second] = hits;
  return Boolean(second) && tokenizer.words(query).length <= 1 && second.fused >= VAGUE_RIVAL_SHARE * first.fused;
}

const VAGUE_RIVAL_SHARE = 0.6;

const EMPTY: Omit<BotAnswer, 'outcome' | 'answered' | 'answer' | 'lang' | 'composer' | 'confidence'> = { sources: [], suggestions: [], handoffEntry: false, tags: [] };

function source(entry: StoredEntry, score: number): AnswerSource {
  return { id: entry.id, kind: entry.kind, title: entry.headingPath.length ? `${entry.title} › ${entry.headingPath.join(' › ')}` : entry.title, path: entry.filePath, score: round(Math.max(0, Math.min(1, score))) };
}

function suggestionsFrom(hits: SearchHit[], lang: Lang): AnswerSuggestion[] {
  return hits.slice(0, 3).map((hit) => {
    const byLang = (hit.entry.meta.questionByLang ?? {}) as Partial<Record<Lang, string>>;
    return { id: hit.entry.id, question: hit.entry.kind === 'faq' ? (byLang[lang] ?? hit.entry.title) : [hit.entry.title, ...hit.entry.headingPath].join(' › ') };
  });
}

/** What the re-ranker reads of a candidate: an FAQ entry's question and answer, a passage's headings and text. */
function rerankText(entry: StoredEntry): string {
  const where = [entry.title, ...entry.headingPath].join(' › ');
  return `${where}\n${textOf(entry)}`.slice(0, 2000);
}

function textOf(entry: StoredEntry): string {
  const content = entry.content as { text?: string; answers?: Partial<Record<Lang, string>> };
  return content.text ?? content.answers?.zh ?? content.answers?.en ?? '';
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
