import { Injectable } from '@nestjs/common';

/** Work under way on this instance (HTTP requests, socket events): a graceful shutdown waits for it to finish. */
@Injectable()
export class InFlightService {
  private count = 0;
  private idleWaiters: Array<() => void> = [];

  get current(): number {
    return this.count;
  }

  /** Call the returned function when the work is done (once). */
  begin(): () => void {
    this.count++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.count--;
      if (this.count === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    };
  }

  /** Resolves true when nothing is in flight, or false after `timeoutMs` with work still running. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((waiter) => waiter !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.push(done);
    });
  }
}
