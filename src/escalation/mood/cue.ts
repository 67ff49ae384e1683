/** One complaint cue: a pattern, what it says about the customer, and how it is read in context. */
export type CueKind = 'complaint' | 'insult' | 'threat' | 'frustration' | 'intensity' | 'swear' | 'sarcasm' | 'custom';

export interface Cue {
  kind: CueKind;
  weight: number;
  re: RegExp;
  /** Halved in a plain question. */
  soft?: boolean;
  /** Dropped when a negation precedes it in the same clause. */
  negatable?: boolean;
  /** Weakened when the message reports phishing / impersonation. */
  scam?: boolean;
  /** Cues sharing a group count once (the strongest). */
  group?: string;
}

export function c(kind: CueKind, weight: number, re: RegExp, opts: Omit<Cue, 'kind' | 'weight' | 're'> = {}): Cue {
  return { kind, weight, re: new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'), ...opts };
}
