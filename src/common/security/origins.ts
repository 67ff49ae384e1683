import { Inject, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Namespace } from 'socket.io';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

/** Routes a page on another origin (the shop embedding the widget) may call: the anonymous customer side and the widget's settings. */
const CUSTOMER_PATHS = /^\/api\/v1\/(?:ask|conversations|widget)(?:[/?]|$)/;
const LOCALHOST = /^http:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?$/;

/**
 * The one origin allow-list (WIDGET_ORIGINS + kefu's own origin + http://localhost:*; requests without Origin —
 * servers, curl, native apps — are allowed): customer REST CORS and the /customer Socket.IO handshake use it;
 * agent and admin routes and the /agent handshake accept kefu's own origin only.
 */
@Injectable()
export class OriginPolicy {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** May a page on `origin` use the customer side? `host` is the Host the request was sent to (kefu's own origin). */
  allowsWidget(origin: string | undefined, host: string | undefined): boolean {
    if (!origin) return true;
    const normalized = origin.replace(/\/+$/, '');
    return this.isOwn(normalized, host) || LOCALHOST.test(normalized) || this.config.security.widgetOrigins.includes(normalized);
  }

  /** May a page on `origin` use the agent / admin side? Only kefu's own pages (the console) may. */
  allowsAgent(origin: string | undefined, host: string | undefined): boolean {
    return !origin || this.isOwn(origin.replace(/\/+$/, ''), host);
  }

  /** For app.enableCors: CORS headers for an allowed origin on customer routes; none anywhere else. */
  corsDelegate = (request: IncomingMessage, callback: (error: Error | null, options: { origin: boolean; credentials: boolean; maxAge: number }) => void): void => {
    const origin = request.headers.origin;
    const allowed = CUSTOMER_PATHS.test(request.url ?? '') ? this.allowsWidget(origin, request.headers.host) : this.allowsAgent(origin, request.headers.host);
    callback(null, { origin: allowed && Boolean(origin), credentials: false, maxAge: 600 });
  };

  /** Refuses a Socket.IO handshake from a page whose origin this namespace does not accept. */
  guard(namespace: Namespace, side: 'customer' | 'agent'): void {
    namespace.use((socket, next) => {
      const { origin, host } = socket.handshake.headers;
      const allowed = side === 'customer' ? this.allowsWidget(origin, host) : this.allowsAgent(origin, host);
      next(allowed ? undefined : Object.assign(new Error('ORIGIN_NOT_ALLOWED'), { data: { code: 'FORBIDDEN', message: `Origin ${origin} is not allowed (WIDGET_ORIGINS)` } }));
    });
  }

  /** frame-ancestors for a page: the widget's own frame may sit in the allowed shops' pages, nothing else. */
  frameAncestors(path: string): string[] {
    return path.startsWith('/widget') ? ["'self'", ...this.config.security.widgetOrigins, 'http://localhost:*'] : ["'self'"];
  }

  private isOwn(origin: string, host: string | undefined): boolean {
    if (!host) return false;
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }
}
