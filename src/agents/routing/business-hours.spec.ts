import { keptForTeamMessage } from '../../answering/bot-messages';
import { isWithinBusinessHours, nextOpening } from './business-hours';

const hours = { timezone: 'Asia/Shanghai', weekly: { mon: ['09:00-12:00', '13:00-18:00'], sat: ['10:00-16:00'] }, holidays: ['2026-11-30'] };

describe('isWithinBusinessHours', () => {
  it.each([
    ['2026-11-23T01:30:00Z', true], // Mon 09:30 in Shanghai
    ['2026-11-23T04:30:00Z', false], // Mon 12:30, lunch
    ['2026-11-23T09:59:00Z', true], // Mon 17:59
    ['2026-11-23T10:00:00Z', false], // Mon 18:00
    ['2026-11-24T02:00:00Z', false], // Tue: no hours
    ['2026-11-28T03:00:00Z', true], // Sat 11:00
    ['2026-11-30T02:00:00Z', false], // Mon, but a holiday
    ['2026-11-22T17:00:00Z', false], // Mon 01:00 in Shanghai (still Sunday in UTC)
  ])('%s → %s', (iso, open) => {
    expect(isWithinBusinessHours(hours, new Date(iso))).toBe(open);
  });

  it('is always open without configured hours', () => {
    expect(isWithinBusinessHours(undefined, new Date())).toBe(true);
  });

  it('opens make-up workdays (调休) with their hours, and a holiday stays closed', () => {
    const withExceptions = { ...hours, workdays: { '2026-11-29': ['09:00-18:00'] } };
    expect(isWithinBusinessHours(withExceptions, new Date('2026-11-29T02:00:00Z'))).toBe(true); // Sun 10:00, a make-up workday
    expect(isWithinBusinessHours(withExceptions, new Date('2026-11-29T11:00:00Z'))).toBe(false); // Sun 19:00
    expect(isWithinBusinessHours(hours, new Date('2026-11-29T02:00:00Z'))).toBe(false); // an ordinary Sunday
    expect(isWithinBusinessHours(withExceptions, new Date('2026-11-30T02:00:00Z'))).toBe(false);
  });
});

describe('nextOpening', () => {
  it.each([
    ['2026-11-23T00:30:00Z', { inDays: 0, date: '2026-11-23', time: '09:00' }], // Mon 08:30 in Shanghai
    ['2026-11-23T04:30:00Z', { inDays: 0, date: '2026-11-23', time: '13:00' }], // Mon 12:30, lunch
    ['2026-11-23T11:00:00Z', { inDays: 5, date: '2026-11-28', time: '10:00' }], // Mon 19:00 → Sat
    ['2026-11-28T09:00:00Z', { inDays: 7, date: '2026-12-05', time: '10:00' }], // Sat 17:00 → Mon 30th is a holiday, so the next Saturday
  ])('after %s is %j', (now, expected) => {
    expect(nextOpening(hours, new Date(now))).toEqual(expected);
  });

  it('is undefined without business hours', () => {
    expect(nextOpening(undefined, new Date())).toBeUndefined();
  });
});

describe('keptForTeamMessage', () => {
  it('says when the team is back, or that someone will reply once online', () => {
    expect(keptForTeamMessage('zh', { inDays: 1, date: '2026-11-24', time: '09:00' })).toMatch(/^您的消息已为客服同事保留，明天 09:00 上班后/);
    expect(keptForTeamMessage('zh', { inDays: 5, date: '2026-11-28', time: '10:00' })).toMatch(/11月28日 10:00 上班后/);
    expect(keptForTeamMessage('en', { inDays: 0, date: '2026-11-23', time: '13:00' })).toMatch(/we're back today at 13:00/);
    expect(keptForTeamMessage('en', { inDays: 5, date: '2026-11-28', time: '10:00' })).toMatch(/we're back on 28 Nov at 10:00/);
    expect(keptForTeamMessage('zh', undefined)).toMatch(/同事上线后会第一时间回复您/);
  });
});
