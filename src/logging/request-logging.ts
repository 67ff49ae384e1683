import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { Observable } from 'rxjs';
import type { Socket } from 'socket.io';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { routePattern } from '../common/route-pattern';
import { toWsError } from '../common/ws-exception.filter';
import { maskContacts } from '../escalation/facts';
import { currentLogContext, runWithLogContext } from './log-context';

/** Bodies logged with LOG_BODIES are cut here: enough to debug a payload, not a transcript. */
const BODY_LOG_CHARS = 2_000;
const INCOMING_REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * One line per API request (method, route pattern, status, outcome, duration) under a request id that every other
 * line of the request carries and the response returns as `X-Request-Id`. Probes and static files log at debug, so
 * an orchestrator's health checks do not drown the log.
 */
@Injectable()
export class HttpLoggingMiddleware implements NestMiddleware {
  private readonly logger = new Logger('HTTP');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const incoming = request.header('x-request-id');
    const requestId = incoming && INCOMING_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    response.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    runWithLogContext({ requestId }, () => {
      const context = currentLogContext();
      response.once('finish', () => {
        const status = response.statusCode;
        const line = {
          ...context,
          event: 'http_request',
          method: request.method,
          route: routePattern(request) ?? request.path,
          status,
          outcome: status >= 500 ? 'failed' : status >= 400 ? 'refused' : 'ok',
          durationMs: elapsedMs(started),
          ...(this.config.logBodies && request.body !== undefined ? { body: bodyForLog(request.body) } : {}),
        };
        if (isApiRoute(request.originalUrl)) this.logger.log(line);
        else this.logger.debug(line);
      });
      next();
    });
  }
}

/**
 * One line per Socket.IO event a gateway handles (event, namespace, conversation or agent, outcome, duration), run
 * under its own request id so the service's lines for that event carry it. Gateways name it: global interceptors do
 * not reach them.
 */
@Injectable()
export class SocketLoggingInterceptor implements NestInterceptor {
  private readonly logger = new Logger('WS');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'ws') return next.handle();
    const socket = context.switchToWs().getClient<Socket>();
    const data = socket.data as { conversationId?: string; agentId?: string };
    const logContext = {
      requestId: randomUUID(),
      ...(data.conversationId ? { conversationId: data.conversationId } : {}),
      ...(data.agentId ? { agentId: data.agentId } : {}),
    };
    const started = process.hrtime.bigint();
    const payload: unknown = context.switchToWs().getData();
    const name = context.switchToWs().getPattern();
    // typing indicators arrive every few keystrokes: at info they would drown the lines that matter
    const level = name === 'typing' ? 'debug' : 'log';
    const write = (outcome: string) =>
      this.logger[outcome === 'ok' ? level : 'log']({
        ...logContext,
        event: 'socket_event',
        namespace: socket.nsp?.name,
        name,
        outcome,
        durationMs: elapsedMs(started),
        ...(this.config.logBodies && payload !== undefined ? { body: bodyForLog(payload) } : {}),
      });
    // the handler runs when Nest subscribes, so the context is entered there, not here
    return new Observable((subscriber) =>
      runWithLogContext(logContext, () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            write(toWsError(error).error.code);
            subscriber.error(error);
          },
          complete: () => {
            write('ok');
            subscriber.complete();
          },
        }),
      ),
    );
  }
}


function isApiRoute(url: string): boolean {
  return url.startsWith('/api/');
}

function elapsedMs(started: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
}

/** LOG_BODIES is for debugging; even then phones, emails, card and ID numbers are masked. */
function bodyForLog(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body) ?? '';
  return maskContacts(text.length > BODY_LOG_CHARS ? `${text.slice(0, BODY_LOG_CHARS)}…` : text);
}
