import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while handling one request or socket event carries. */
export interface LogContext {
  requestId: string;
  conversationId?: string;
  agentId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export function runWithLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}

/** Names the conversation or agent once a guard or gateway knows it, so later lines of the same request carry it. */
export function annotateLogContext(fields: Partial<Omit<LogContext, 'requestId'>>): void {
  const context = storage.getStore();
  if (context) Object.assign(context, fields);
}
