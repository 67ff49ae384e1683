import { THEME } from '../widget/styles';
import { contrastRatio, readableOn } from './contrast';

describe('colour contrast (WCAG 2.1 AA: 4.5:1 for text)', () => {
  it('computes the WCAG ratio', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777', '#fff')).toBeCloseTo(4.48, 2);
  });

  it('the default theme’s text and background pairs all pass AA', () => {
    const pairs: Array<[string, string, string]> = [
      ['text on background', THEME.text, THEME.background],
      ['muted text on background', THEME.muted, THEME.background],
      ['text in a bot bubble', THEME.text, THEME.botBubble],
      ['muted text on a bot bubble', THEME.muted, THEME.botBubble],
      ['link in a bot bubble', THEME.link, THEME.botBubble],
      ['customer bubble text', '#ffffff', THEME.customerBubble],
      ['header and buttons on the accent', readableOn(THEME.accent), THEME.accent],
      ['system notices', THEME.systemText, THEME.background],
      ['errors', THEME.error, THEME.background],
      ['queue and announcement notices', THEME.notice, THEME.noticeBackground],
    ];
    for (const [what, foreground, background] of pairs) expect([what, contrastRatio(foreground, background) >= 4.5]).toEqual([what, true]);
  });

  it('puts dark text on a light shop colour and white on a dark one', () => {
    expect(readableOn('#fde047')).toBe('#111827');
    expect(readableOn('#0f766e')).toBe('#ffffff');
  });
});
