/**
 * The cue rules read in context: which cues of the tables (and of kefu.yaml) a message carries, and how much each
 * counts here — dropped after a negation or a hypothetical, halved in a calm plain question or after a hedge,
 * weakened next to a suggestion or a phishing report. Shared by the mood score and the learned model, which reads
 * the same hits as features.
 */
import { hasCjk, isQuestion } from '../text';
import type { CueKind } from './cue';
import { clauseBefore, customCues, HEDGE, intensityCues, isNegated, PHISHING, sentenceAt, SUGGESTION } from './cue-context';
import { EN_CUES } from './cues-en';
import { ZH_CUES } from './cues-zh';

export interface CueHit {
  /** `kind:matched text`, e.g. `complaint:投诉`, `intensity:!!!` */
  label: string;
  weight: number;
  kind: CueKind | 'learned';
  group?: string;
}

const QUESTION_DAMPING = 0.5;
const PHISHING_DAMPING = 0.25;
const HEDGE_DAMPING = 0.5;
const SUGGESTION_DAMPING = 0.4;

/** The cues `normalized` (normalizeForMatching of `text`) carries, each once; cues sharing a group count once, with the strongest. */
export function matchCues(text: string, normalized: string, extraComplaintPhrases?: string[]): CueHit[] {
  const intensity = intensityCues(text, normalized);
  const calm = intensity.length === 0;
  const phishing = PHISHING.test(normalized);
  const suggestion = SUGGESTION.test(normalized);

  const hits: CueHit[] = intensity.map((i) => ({ label: `intensity:${i.label}`, weight: i.weight, kind: 'intensity' }));
  for (const cue of [...ZH_CUES, ...EN_CUES, ...customCues(extraComplaintPhrases)]) {
    cue.re.lastIndex = 0;
    for (const m of normalized.matchAll(cue.re)) {
      const index = m.index ?? 0;
      if (cue.negatable && isNegated(normalized, index, hasCjk(m[0]))) continue;
      let w = cue.weight;
      if (cue.soft && calm && isQuestion(sentenceAt(normalized, index))) w *= QUESTION_DAMPING;
      if (cue.negatable && HEDGE.test(clauseBefore(normalized, index))) w *= HEDGE_DAMPING;
      if (cue.kind === 'complaint' && /^(?:complain|投诉)/.test(m[0]) && suggestion) w *= SUGGESTION_DAMPING;
      if (cue.scam && phishing) w *= PHISHING_DAMPING;
      hits.push({ label: `${cue.kind}:${m[0].trim()}`, weight: w, kind: cue.kind, group: cue.group });
      break; // each cue counts once
    }
  }
  return strongestOfEachGroup(hits);
}

export function strongestOfEachGroup(hits: CueHit[]): CueHit[] {
  const best = new Map<string, CueHit>();
  for (const h of hits) {
    if (h.group && (best.get(h.group)?.weight ?? -1) < h.weight) best.set(h.group, h);
  }
  return hits.filter((h) => !h.group || best.get(h.group) === h);
}
