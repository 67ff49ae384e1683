import { parseSettingsFile } from './settings.parser';

describe('parseSettingsFile (kefu.yaml)', () => {
  it('reads messages, business hours, skill groups, synonyms, complaint phrases and thresholds', () => {
    const { settings, problems } = parseSettingsFile(
      'kefu.yaml',
      `bot_name: { zh: 小乐, en: Lumo }
messages:
  greeting: { zh: 您好, en: Hello }
  fallback: Sorry
business_hours:
  timezone: Asia/Shanghai
  weekly:
    mon: ["09:00-21:00"]
    sat: ["10:00-12:00", "13:00-18:00"]
  holidays: ["2027-01-01"]
skill_groups:
  - id: after-sales
    name: { zh: 售后, en: After-sales }
    tags: [Returns, warranty]
synonyms:
  快递: [物流, 包裹]
complaint_phrases:
  zh: [太差了]
  en: [terrible]
answering:
  answer_threshold: 0.6
  clarify_threshold: 0.3
`,
    );
    expect(problems).toEqual([]);
    expect(settings).toEqual({
      botName: { zh: '小乐', en: 'Lumo' },
      messages: { greeting: { zh: '您好', en: 'Hello' }, fallback: { zh: 'Sorry', en: 'Sorry' } },
      businessHours: { timezone: 'Asia/Shanghai', weekly: { mon: ['09:00-21:00'], sat: ['10:00-12:00', '13:00-18:00'] }, holidays: ['2027-01-01'] },
      skillGroups: [{ id: 'after-sales', name: { zh: '售后', en: 'After-sales' }, tags: ['returns', 'warranty'] }],
      synonyms: { 快递: ['物流', '包裹'] },
      complaintPhrases: { zh: ['太差了'], en: ['terrible'] },
      answering: { answerThreshold: 0.6, clarifyThreshold: 0.3 },
    });
  });

  it('rejects bad values with their lines, and keeps nothing from a broken file', () => {
    const { settings, problems } = parseSettingsFile(
      'kefu.yaml',
      `business_hours:
  timezone: Mars/Olympus
  weekly:
    funday: ["09:00-10:00"]
    mon: ["21:00-09:00"]
answering:
  answer_threshold: 2
greting: hi
`,
    );
    expect(settings).toBeUndefined();
    expect(problems).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringContaining('"Mars/Olympus" is not a known time zone') }),
      expect.objectContaining({ line: 4, message: expect.stringContaining('"funday" is not a weekday') }),
      expect.objectContaining({ line: 5, message: expect.stringContaining('"21:00-09:00" must be a list of "HH:MM-HH:MM" ranges') }),
      expect.objectContaining({ line: 7, message: 'answering.answer_threshold must be a number between 0 and 1' }),
      expect.objectContaining({ line: 8, severity: 'warning', message: 'unknown key "greting" is ignored' }),
    ]);
  });

  it('reads make-up workdays (调休): a plain date takes the usual weekday hours, or names its own', () => {
    const { settings, problems } = parseSettingsFile(
      'kefu.yaml',
      `business_hours:
  timezone: Asia/Shanghai
  weekly:
    mon: ["09:00-18:00"]
  holidays: ["2027-02-08"]
  workdays:
    - 2027-02-07
    - { date: 2027-02-20, hours: ["10:00-16:00"] }
    - 2027-13
`,
    );
    expect(problems).toEqual([expect.objectContaining({ line: 9, severity: 'error', message: expect.stringContaining('business_hours.workdays: each must be a date') })]);
    expect(settings).toBeUndefined();
    const good = parseSettingsFile('kefu.yaml', 'business_hours:\n  timezone: UTC\n  weekly:\n    mon: ["09:00-18:00"]\n  workdays: [2027-02-07, { date: 2027-02-20, hours: ["10:00-16:00"] }]\n');
    expect(good.settings?.businessHours).toEqual({ timezone: 'UTC', weekly: { mon: ['09:00-18:00'] }, holidays: [], workdays: { '2027-02-07': ['09:00-18:00'], '2027-02-20': ['10:00-16:00'] } });
  });
});
