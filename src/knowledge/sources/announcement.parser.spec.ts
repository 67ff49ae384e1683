import { parseAnnouncementFile } from './announcement.parser';

describe('parseAnnouncementFile', () => {
  it('reads title, active window and keywords', () => {
    const { entries, problems } = parseAnnouncementFile(
      'announcements/delay.md',
      '---\ntitle: 物流延迟\nactive_from: 2026-11-01\nactive_until: 2026-12-31\nkeywords: [快递, delivery]\n---\n受天气影响，北方地区配送可能延迟 2 天。\n',
    );
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      expect.objectContaining({
        id: 'announcement:announcements/delay.md',
        kind: 'announcement',
        title: '物流延迟',
        content: { text: '受天气影响，北方地区配送可能延迟 2 天。' },
        meta: { activeFrom: '2026-11-01T00:00:00.000Z', activeUntil: '2026-12-31T23:59:59.999Z', keywords: ['快递', 'delivery'] },
      }),
    ]);
  });

  it('rejects bad dates, a reversed window and a missing title', () => {
    const { entries, problems } = parseAnnouncementFile('announcements/x.md', '---\nactive_from: soon\nactive_until: 2020-01-01\n---\nText\n');
    expect(entries).toEqual([]);
    expect(problems.map((problem) => problem.message)).toEqual([
      'an announcement needs a "title" in its front matter',
      '"active_from" must be an ISO date like 2026-12-31, got "soon"',
      'no "keywords": the announcement only shows for questions close to its text',
    ]);
  });

  it('reads an optional summary, one text or one per language, and rejects any other shape', () => {
    const read = (summary: string) => parseAnnouncementFile('announcements/s.md', `---\ntitle: 物流延迟\nkeywords: [快递]\nsummary: ${summary}\n---\n正文。\n`);
    expect(read('北方配送延迟 2 天。').entries[0].meta.summary).toEqual({ zh: '北方配送延迟 2 天。', en: '北方配送延迟 2 天。' });
    expect(read('{ zh: 北方配送延迟, en: Delivery in the north is late }').entries[0].meta.summary).toEqual({ zh: '北方配送延迟', en: 'Delivery in the north is late' });
    expect(read('[a, b]').problems.map((problem) => problem.message)).toContain('"summary" must be a text or { zh: …, en: … }');
  });
});
