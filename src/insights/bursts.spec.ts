import { BURST_BASELINE_MS, BURST_WINDOW_MS, isBurst } from './bursts';

const windowsPerDay = BURST_BASELINE_MS / BURST_WINDOW_MS;

describe('isBurst', () => {
  it('flags a new group as soon as it reaches the minimum', () => {
    expect(isBurst({ recent: 10, baseline: 0 }, 10)).toBe(true);
    expect(isBurst({ recent: 9, baseline: 0 }, 10)).toBe(false);
  });

  it('needs three times the usual rate of a group asked all day', () => {
    // usually 5 per ten minutes: 15 is a burst, 14 is an ordinary busy spell
    expect(isBurst({ recent: 15, baseline: 5 * windowsPerDay }, 10)).toBe(true);
    expect(isBurst({ recent: 14, baseline: 5 * windowsPerDay }, 10)).toBe(false);
  });

  it('honours the minimum even for a group that is rarely asked', () => {
    expect(isBurst({ recent: 3, baseline: 1 }, 10)).toBe(false);
    expect(isBurst({ recent: 20, baseline: 1 }, 20)).toBe(true);
  });
});
