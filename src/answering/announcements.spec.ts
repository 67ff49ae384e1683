import type { StoredEntry } from '../knowledge/knowledge.repository';
import { announcementLead, matchingAnnouncements } from './announcements';

const notice = (text: string, meta: Record<string, unknown> = {}): StoredEntry => ({
  id: 'announcement:announcements/x.md',
  filePath: 'announcements/x.md',
  kind: 'announcement',
  title: '春节发货安排 / Spring Festival shipping',
  headingPath: [],
  position: 0,
  lang: null,
  content: { text },
  tags: [],
  handoff: false,
  meta: { keywords: ['发货', 'shipping'], activeFrom: null, activeUntil: null, ...meta },
});

const BODY = [
  '受春节假期影响，部分订单发货会延迟。',
  '1 月 30 日 16:00 前付款的订单节前发出；此后的订单将于 2 月 15 日起陆续发货。',
  'Orders paid after 30 January ship from 15 February. Parcels in transit may take 3.5 extra days.',
].join('\n');

describe('announcementLead', () => {
  it('leads with the title and the first whole sentences in the customer’s language, never from the middle', () => {
    expect(announcementLead(notice(BODY), 'zh', 40)).toBe('📢 春节发货安排\n受春节假期影响，部分订单发货会延迟。');
    expect(announcementLead(notice(BODY), 'zh', 200)).toBe('📢 春节发货安排\n受春节假期影响，部分订单发货会延迟。\n1 月 30 日 16:00 前付款的订单节前发出；此后的订单将于 2 月 15 日起陆续发货。');
    expect(announcementLead(notice(BODY), 'en', 60)).toBe('📢 Spring Festival shipping\nOrders paid after 30 January ship from 15 February.');
    expect(announcementLead(notice(BODY), 'en', 200)).toBe('📢 Spring Festival shipping\nOrders paid after 30 January ship from 15 February. Parcels in transit may take 3.5 extra days.');
  });

  it('prefers the summary from the front matter, in the customer’s language when it has one', () => {
    const entry = notice(BODY, { summary: { zh: '春节期间发货延迟，2 月 15 日恢复。', en: 'Shipping resumes on 15 February.' } });
    expect(announcementLead(entry, 'zh', 40)).toBe('📢 春节发货安排\n春节期间发货延迟，2 月 15 日恢复。');
    expect(announcementLead(entry, 'en', 40)).toBe('📢 Spring Festival shipping\nShipping resumes on 15 February.');
  });

  it('cuts a first sentence longer than the limit with an ellipsis', () => {
    expect(announcementLead(notice('一'.repeat(50) + '。'), 'zh', 10)).toBe(`📢 春节发货安排\n${'一'.repeat(9)}…`);
  });
});

describe('matchingAnnouncements', () => {
  it('matches active notices by keyword', () => {
    const now = new Date('2027-01-20T00:00:00Z');
    expect(matchingAnnouncements([notice(BODY)], '什么时候发货', now)).toHaveLength(1);
    expect(matchingAnnouncements([notice(BODY, { activeUntil: '2027-01-01T00:00:00Z' })], '什么时候发货', now)).toHaveLength(0);
    expect(matchingAnnouncements([notice(BODY)], '怎么开发票', now)).toHaveLength(0);
  });
});
