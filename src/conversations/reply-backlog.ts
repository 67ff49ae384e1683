import { Injectable } from '@nestjs/common';

/**
 * The customer messages this instance is still answering, oldest first, so that how far its replies have fallen
 * behind is read in constant time (a Map keeps insertion order). Per instance on purpose: each instance's own
 * event loop and database calls are what a slow reply waits for.
 */
@Injectable()
export class ReplyBacklog {
  private readonly pending = new Map<number, number>();
  private next = 0;

  /** A message arrived; call the returned function once it is answered (or will not be). */
  start(now = Date.now()): () => void {
    const id = this.next++;
    this.pending.set(id, now);
    return () => void this.pending.delete(id);
  }

  /** How long the oldest message still being answered has waited; 0 when none is. */
  oldestWaitMs(now = Date.now()): number {
    for (const arrived of this.pending.values()) return now - arrived;
    return 0;
  }
}
