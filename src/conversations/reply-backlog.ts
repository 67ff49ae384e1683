import { Injectable } from '@nestjs/common';

/**
 * The customer messages this instance is still answering, and when each arrived. Per instance on purpose: each
 * instance's own event loop and database calls are what a slow reply waits for.
 */
@Injectable()
export class ReplyBacklog {
  private readonly pending = new Map<number, number>();
  private next = 0;

  /** A message arrived (`arrived`: when); call the returned function once it is answered (or will not be). */
  start(arrived = Date.now()): () => void {
    const id = this.next++;
    this.pending.set(id, arrived);
    return () => void this.pending.delete(id);
  }

  /** How long the oldest message still being answered has waited; 0 when none is. Read once per new customer. */
  oldestWaitMs(now = Date.now()): number {
    let oldest = now;
    for (const arrived of this.pending.values()) oldest = Math.min(oldest, arrived);
    return now - oldest;
  }
}
