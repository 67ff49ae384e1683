import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { maskContacts } from '../escalation/facts';
import { currentLogContext } from './log-context';

export type NestLogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

const PINO_LEVEL: Record<NestLogLevel, Level> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/**
 * Nest's logger as one JSON object per line (pino): time, level, context, the request's ids, the message or the
 * event's fields. Every string is masked (phones, emails, card and ID numbers) on the way out, so a log line never
 * carries personal data even when a caller quotes what a customer wrote.
 */
export class StructuredLogger implements LoggerService {
  private readonly pino: Logger;

  constructor(level: NestLogLevel, destination?: DestinationStream, base: Record<string, unknown> = {}) {
    this.pino = pino(
      {
        level: PINO_LEVEL[level],
        base: { pid: process.pid, ...base },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      destination,
    );
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest calls `(message, context)` and, for errors, `(message, stack, context)`. */
  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = level === 'error' || level === 'fatal' ? rest.find((param): param is string => typeof param === 'string') : undefined;
    const fields: Record<string, unknown> = { ...currentLogContext(), ...(context ? { context } : {}), ...(stack ? { stack: maskContacts(stack) } : {}) };
    if (message instanceof Error) this.pino[level]({ ...fields, err: { type: message.name, message: maskContacts(message.message), stack: maskContacts(message.stack ?? '') } });
    else if (typeof message === 'object' && message !== null) this.pino[level]({ ...fields, ...maskFields(message as Record<string, unknown>) });
    else this.pino[level](fields, maskContacts(String(message)));
  }
}

function maskFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, typeof value === 'string' ? maskContacts(value) : value]));
}
