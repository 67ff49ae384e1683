import { parseAnnouncementFile } from '../knowledge/sources/announcement.parser';
import { parseFaqFile } from '../knowledge/sources/faq.parser';
import { ANSWER_PLACEHOLDER, announcementDraft, faqDraftYaml } from './drafts';

describe('drafts in the knowledge folder formats', () => {
  it('writes an FAQ entry the FAQ parser accepts, with the other questions as similar and the agent answer', () => {
    const yaml = faqDraftYaml({ question: '发票怎么开？', similar: ['发票怎么开？', '可以开发票吗', 'Can I get an invoice? "quoted": yes'], answer: '在订单详情页点击“申请发票”即可。' });
    const parsed = parseFaqFile('faq/drafts.faq.yaml', yaml);
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.entries[0]).toMatchObject({ id: expect.stringMatching(/^gap-[0-9a-f]{8}$/), kind: 'faq', content: { answers: { zh: '在订单详情页点击“申请发票”即可。' } } });
    expect(parsed.entries[0].phrases.map((phrase) => phrase.text)).toEqual(expect.arrayContaining(['发票怎么开？', '可以开发票吗', 'Can I get an invoice? "quoted": yes']));
  });

  it('leaves a placeholder answer when no agent answered, and makes the same id twice for the same question', () => {
    const one = faqDraftYaml({ question: 'Where is my parcel?', similar: [] });
    expect(one).toContain(ANSWER_PLACEHOLDER);
    expect(one).toMatch(/id: where-is-my-parcel-[0-9a-f]{4}/);
    expect(faqDraftYaml({ question: 'Where is my parcel?', similar: ['x'] })).toContain(one.split('\n')[0]);
  });

  it('writes an announcement the announcement parser accepts, active from today', () => {
    const draft = announcementDraft({ questions: ['App 打不开了', 'app 闪退'], keywords: ['app', '打不开'], now: new Date('2026-12-02T09:00:00Z') });
    expect(draft.path).toMatch(/^announcements\/2026-12-02-gap-[0-9a-f]{8}\.md$/);
    const parsed = parseAnnouncementFile(draft.path, draft.text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries[0]).toMatchObject({ kind: 'announcement', title: 'App 打不开了', meta: { keywords: ['app', '打不开'], activeFrom: '2026-12-02T00:00:00.000Z' } });
  });
});
