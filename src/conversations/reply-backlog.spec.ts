import { ReplyBacklog } from './reply-backlog';

describe('ReplyBacklog', () => {
  it('reads how long the oldest message still being answered has waited, whichever finishes first', () => {
    const backlog = new ReplyBacklog();
    expect(backlog.oldestWaitMs(10_000)).toBe(0);
    const first = backlog.start(1_000);
    const second = backlog.start(4_000);
    const earlier = backlog.start(500); // recorded later, arrived earlier
    expect(backlog.oldestWaitMs(5_000)).toBe(4_500);
    earlier();
    expect(backlog.oldestWaitMs(5_000)).toBe(4_000);
    first();
    expect(backlog.oldestWaitMs(5_000)).toBe(1_000);
    first(); // twice is harmless
    second();
    expect(backlog.oldestWaitMs(5_000)).toBe(0);
  });
});
