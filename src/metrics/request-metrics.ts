import { CallHandler, ExecutionContext, Injectable, NestInterceptor, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Observable, tap } from 'rxjs';
import type { Socket } from 'socket.io';
import { routePattern } from '../common/route-pattern';
import { InFlightService } from '../shutdown/in-flight.service';
import { httpDuration, httpRequests, socketDuration, socketEvents } from './metrics';

/**
 * Counts and times every HTTP request, labelled by the route pattern (not the path, which holds ids), and holds
 * it as in flight until the response is sent.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly inFlight: InFlightService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    const done = this.inFlight.begin();
    response.once('close', done);
    response.once('finish', () => {
      done();
      const route = routePattern(request) ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      httpRequests.inc({ method: request.method, route, status: String(response.statusCode) });
      httpDuration.observe({ method: request.method, route }, seconds);
    });
    next();
  }
}


/**
 * Counts and times every Socket.IO event a gateway handles, and holds it as in flight, so that a graceful
 * shutdown waits for a customer's message to be stored and answered before the database closes.
 */
@Injectable()
export class SocketMetricsInterceptor implements NestInterceptor {
  constructor(private readonly inFlight: InFlightService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'ws') return next.handle();
    const socket = context.switchToWs().getClient<Socket>();
    const labels = { namespace: socket.nsp?.name ?? 'unknown', event: context.switchToWs().getPattern() };
    const end = socketDuration.startTimer(labels);
    const done = this.inFlight.begin();
    let finished = false;
    const finish = (outcome: 'ok' | 'error') => {
      if (finished) return;
      finished = true;
      end();
      socketEvents.inc({ ...labels, outcome });
      done();
    };
    return next.handle().pipe(
      tap({ next: () => finish('ok'), complete: () => finish('ok'), error: () => finish('error'), finalize: () => finish('ok') }),
    );
  }
}
