import {
  decideEscalation,
  DEFAULT_ESCALATION_CONFIG,
  ESCALATION_PRIORITY,
  EscalationInput,
  isTinyMessage,
  questionSimilarity,
  unknownStreak,
} from './escalation-policy';

const history = (previousCustomerTexts: string[], previousOutcomes: NonNullable<EscalationInput['history']>['previousOutcomes']) => ({
  previousCustomerTexts,
  previousOutcomes,
});

describe('decideEscalation', () => {
  it('does nothing for an ordinary question', () => {
    const d = decideEscalation({ text: '退款还没到账，一般要几天？', answerOutcome: 'answer', answerConfidence: 0.9 });
    expect(d).toMatchObject({ escalate: false, reason: null, mood: 'calm' });
    expect(d.detail).toMatch(/no rule fired/);
  });

  it('escalates a request for a person with its evidence', () => {
    const d = decideEscalation({ text: '转人工' });
    expect(d).toMatchObject({ escalate: true, reason: 'human_requested' });
    expect(d.scores.humanRequest).toBeGreaterThanOrEqual(0.5);
    expect(d.detail).toContain('转人工');
  });

  it('escalates a complaint with its cues', () => {
    const d = decideEscalation({ text: '你们就是骗子，我要去12315投诉' });
    expect(d).toMatchObject({ escalate: true, reason: 'complaint', mood: 'angry' });
    expect(d.evidence).toEqual(expect.arrayContaining(['complaint:骗子']));
    expect(d.detail).toMatch(/complaint score/);
  });

  it('treats "how do I file a complaint?" as a complaint', () => {
    expect(decideEscalation({ text: 'how do I file a complaint?' }).reason).toBe('complaint');
  });

  it('escalates an answer from a handoff entry and a thumbs-down', () => {
    expect(decideEscalation({ text: '怎么申请发票', answerOutcome: 'answer', handoffEntry: true }).reason).toBe('handoff_entry');
    expect(decideEscalation({ text: '', thumbsDown: true }).reason).toBe('negative_feedback');
  });

  describe('priority', () => {
    it('is human_requested > complaint > handoff_entry > negative_feedback > repeated_question > low_confidence', () => {
      expect(ESCALATION_PRIORITY).toEqual(['human_requested', 'complaint', 'handoff_entry', 'negative_feedback', 'repeated_question', 'low_confidence']);
      const all: EscalationInput = {
        text: '垃圾客服，转人工',
        answerOutcome: 'unknown',
        handoffEntry: true,
        thumbsDown: true,
        history: history(['垃圾客服，转人工'], ['unknown']),
      };
      expect(decideEscalation(all).reason).toBe('human_requested');
      expect(decideEscalation({ ...all, text: '垃圾客服！', history: history(['垃圾客服！'], ['unknown']) }).reason).toBe('complaint');
      const neutral = { ...all, text: '发票怎么开具？', history: history(['发票怎么开具？'], ['answer']) };
      expect(decideEscalation(neutral).reason).toBe('handoff_entry');
      expect(decideEscalation({ ...neutral, handoffEntry: false }).reason).toBe('negative_feedback');
      expect(decideEscalation({ ...neutral, handoffEntry: false, thumbsDown: false }).reason).toBe('repeated_question');
      expect(
        decideEscalation({ ...neutral, handoffEntry: false, thumbsDown: false, history: history(['怎么连wifi'], ['unknown']) }).reason,
      ).toBe('low_confidence');
    });
  });

  describe('repeated question', () => {
    it('fires when the customer asks nearly the same thing after the bot answered', () => {
      const d = decideEscalation({
        text: '退货运费谁出啊？',
        answerOutcome: 'answer',
        history: history(['你好', '退货运费谁出？'], ['smalltalk', 'answer']),
      });
      expect(d.reason).toBe('repeated_question');
      expect(d.detail).toContain('退货运费谁出');
    });

    it('works in English, ignoring case and punctuation', () => {
      const d = decideEscalation({
        text: 'How long does a Refund take?',
        history: history(['how long does a refund take'], ['answer']),
      });
      expect(d.reason).toBe('repeated_question');
    });

    it('does not fire when the earlier message was not answered (that is the low-confidence rule)', () => {
      const d = decideEscalation({ text: '退货运费谁出？', answerOutcome: 'answer', history: history(['退货运费谁出？'], ['unknown']) });
      expect(d.escalate).toBe(false);
    });

    it('ignores a different question and tiny messages', () => {
      expect(decideEscalation({ text: '发票怎么开？', history: history(['退货运费谁出？'], ['answer']) }).escalate).toBe(false);
      expect(decideEscalation({ text: '好的', history: history(['好的'], ['answer']) }).escalate).toBe(false);
      expect(decideEscalation({ text: 'ok', history: history(['ok'], ['answer']) }).escalate).toBe(false);
      expect(decideEscalation({ text: '谢谢！', history: history(['谢谢'], ['smalltalk']) }).escalate).toBe(false);
    });

    it('uses the configured similarity', () => {
      const input: EscalationInput = { text: '退货的运费是谁来出', history: history(['退货运费谁出？'], ['answer']) };
      const sim = questionSimilarity(input.text, '退货运费谁出？');
      expect(decideEscalation(input, { repeatSimilarity: sim + 0.01 }).escalate).toBe(false);
      expect(decideEscalation(input, { repeatSimilarity: sim - 0.01 }).reason).toBe('repeated_question');
    });
  });

  describe('low-confidence streak', () => {
    it('needs two don\'t-knows in a row by default, counting this one', () => {
      expect(decideEscalation({ text: '你们支持数字人民币吗', answerOutcome: 'unknown' }).escalate).toBe(false);
      const d = decideEscalation({
        text: '你们支持数字人民币吗',
        answerOutcome: 'unknown',
        answerConfidence: 0.12,
        history: history(['能开海外发票吗'], ['unknown']),
      });
      expect(d.reason).toBe('low_confidence');
      expect(d.detail).toMatch(/2 unanswered/);
    });

    it('is broken by an answer; a clarifying question counts, small talk is transparent', () => {
      expect(unknownStreak('unknown', ['unknown', 'answer'])).toBe(1);
      expect(unknownStreak('unknown', ['unknown', 'clarify', 'smalltalk'])).toBe(3);
      expect(unknownStreak('clarify', ['clarify'])).toBe(2);
      expect(unknownStreak('answer', ['unknown', 'unknown'])).toBe(0);
      expect(unknownStreak('unknown', ['unknown', 'unknown'])).toBe(3);
    });

    it('follows lowConfidenceStreak', () => {
      const input: EscalationInput = { text: 'x1能用在船上吗', answerOutcome: 'unknown', history: history(['a', 'b'], ['unknown', 'unknown']) };
      expect(decideEscalation(input, { lowConfidenceStreak: 3 }).reason).toBe('low_confidence');
      expect(decideEscalation(input, { lowConfidenceStreak: 4 }).escalate).toBe(false);
      expect(decideEscalation({ text: 'x1能用在船上吗', answerOutcome: 'unknown' }, { lowConfidenceStreak: 1 }).reason).toBe('low_confidence');
    });
  });

  it('follows complaintThreshold and the extra phrases', () => {
    expect(decideEscalation({ text: '无语' }).escalate).toBe(true);
    expect(decideEscalation({ text: '无语' }, { complaintThreshold: 0.9 }).escalate).toBe(false);
    // the cues alone (the learned model reads this as a complaint by itself)
    expect(decideEscalation({ text: '你们家是黑作坊吧' }, { complaintModel: null }).escalate).toBe(false);
    expect(decideEscalation({ text: '你们家是黑作坊吧' }, { complaintModel: null, extraComplaintPhrases: ['黑作坊'] }).reason).toBe('complaint');
    expect(decideEscalation({ text: '你们家是黑作坊吧' }, { extraComplaintPhrases: ['黑作坊'] }).reason).toBe('complaint');
    expect(decideEscalation({ text: '请接管家' }, { extraHumanPhrases: ['接管家'] }).reason).toBe('human_requested');
  });

  it('has documented defaults', () => {
    expect(DEFAULT_ESCALATION_CONFIG).toEqual({
      complaintThreshold: 0.45,
      lowConfidenceStreak: 2,
      repeatSimilarity: 0.6,
      extraComplaintPhrases: [],
      extraHumanPhrases: [],
    });
  });
});

describe('helpers', () => {
  it('recognises tiny messages', () => {
    for (const t of ['ok', '好的', '谢谢', 'thanks!', '?', '嗯嗯']) expect(isTinyMessage(t)).toBe(true);
    expect(isTinyMessage('退货运费谁出')).toBe(false);
  });

  it('scores similarity 1 for identical text after normalisation', () => {
    expect(questionSimilarity('退货运费谁出？', '退货运费谁出')).toBe(1);
    expect(questionSimilarity('Refund time?', 'refund  TIME')).toBe(1);
    expect(questionSimilarity('退货运费谁出', '发票怎么开')).toBe(0);
  });
});
