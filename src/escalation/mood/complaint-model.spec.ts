import { decideEscalation } from '../escalation-policy';
import { complaintFeatures } from './complaint-features';
import { ComplaintModel } from './complaint-model';
import { complaintExamples, readLabelledMessages, sharedComplaintModel } from './complaint-training';
import { detectMood } from './mood';

const TOY = [
  { text: '东西坏了，气死我了', complaint: true },
  { text: '又发错货，烂透了', complaint: true },
  { text: '等了半个月还没到，太离谱', complaint: true },
  { text: '质量太差，再也不买了', complaint: true },
  { text: '请问什么时候发货', complaint: false },
  { text: '东西很好，谢谢', complaint: false },
  { text: '可以开发票吗', complaint: false },
  { text: '物流很快，满意', complaint: false },
];

describe('ComplaintModel', () => {
  it('learns which messages are complaints from labelled examples', () => {
    const model = ComplaintModel.train(TOY);
    expect(model.probability('烂透了，气死我了')).toBeGreaterThan(0.5);
    expect(model.probability('请问可以开发票吗')).toBeLessThan(0.5);
  });

  it('gives the same model for the same examples', () => {
    expect(ComplaintModel.train(TOY).probability('太离谱了')).toBe(ComplaintModel.train(TOY).probability('太离谱了'));
  });

  it('says nothing about an empty message and refuses one-class training data', () => {
    expect(ComplaintModel.train(TOY).probability('   ')).toBe(0);
    expect(() => ComplaintModel.train(TOY.filter((example) => example.complaint))).toThrow(/both classes/);
  });

  it('reads character n-grams of the normalised text and Latin words', () => {
    const features = complaintFeatures('太差！Not OK');
    expect(features).toEqual(expect.arrayContaining(['c太', 'c太差', 'c差!', 'wnot', 'bnot ok']));
  });

  it('reads Chinese words, and marks the words a negation governs up to the end of its clause', () => {
    const features = complaintFeatures('隔音没让我失望，晚上很吵');
    expect(features).toEqual(expect.arrayContaining(['z隔音', 'z失望', 'n失望', 'z吵']));
    expect(features).not.toContain('n吵');
    expect(complaintFeatures('一点也不吵')).toContain('n吵');
  });
});

describe('the shipped model (trained on src/escalation/mood/labelled)', () => {
  it('trains on Chinese complaints and ordinary messages only, never on requests for a person', () => {
    const examples = complaintExamples(readLabelledMessages());
    expect(examples.length).toBeGreaterThan(600);
    expect(examples.some((example) => example.text === '转人工')).toBe(false);
    expect(examples.every((example) => /[\u4e00-\u9fff]/.test(example.text))).toBe(true);
  });

  // neither message is in the labelled set
  it('keeps a neutral refund question ordinary and escalates the same fact said with a grievance', () => {
    const neutral = '请问退款一般几天能到账？我的还没收到';
    const angry = '退款都拖了二十多天了还没到账，你们还管不管了';
    expect(decideEscalation({ text: neutral }).escalate).toBe(false);
    expect(decideEscalation({ text: angry })).toMatchObject({ escalate: true, reason: 'complaint' });
    expect(sharedComplaintModel().probability(angry)).toBeGreaterThan(sharedComplaintModel().probability(neutral));
  });

  // only the first pair (the issue's own example) is in the labelled set
  it.each([
    ['退款还没到账，什么时候到？', '退款拖了半个月还没到，你们到底管不管'],
    ['杯子收到有条裂缝，能补发一个吗', '杯子又是裂的，这已经是第二个了，你们打包能不能上点心'],
    ['客服电话是多少', '客服电话打了一上午都没人接，这是摆设吗'],
    ['苹果是哪里产的', '苹果一半都是烂的，这也好意思卖'],
    ['发票开好了吗', '发票催了一个月还没开，我看你们就是不想开'],
    ['芒果还要几天才熟', '芒果放了一个礼拜还是硬邦邦的，切开里面已经黑了'],
  ])('keeps "%s" ordinary and escalates the grievance "%s"', (neutral, angry) => {
    expect(decideEscalation({ text: neutral }).escalate).toBe(false);
    expect(decideEscalation({ text: angry })).toMatchObject({ escalate: true, reason: 'complaint' });
  });

  it.each(['你们这效率真是绝了，退个款走了一个月', '行，真行，东西坏了就让我自己修'])('reads sarcasm the cues miss: %s', (text) => {
    expect(decideEscalation({ text }, { complaintModel: null }).escalate).toBe(false);
    expect(decideEscalation({ text })).toMatchObject({ escalate: true, reason: 'complaint' });
  });

  it('catches dissatisfaction the cue tables have no pattern for, and says so in the cues', () => {
    const text = '橘子一半是瘪的，剩下的酸得没法吃';
    expect(detectMood(text, { model: null }).complaintScore).toBeLessThan(0.45);
    const withModel = detectMood(text);
    expect(withModel.complaintScore).toBeGreaterThanOrEqual(0.45);
    expect(withModel.cues.some((cue) => cue.startsWith('learned:'))).toBe(true);
  });

  it('leaves English to the cues', () => {
    expect(detectMood('the oranges were half dried out and sour').cues.some((cue) => cue.startsWith('learned:'))).toBe(false);
  });
});
