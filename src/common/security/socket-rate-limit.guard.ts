import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { MESSAGE_METADATA } from '@nestjs/websockets/constants';
import type { Socket } from 'socket.io';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { RateLimiter, socketClientAddress } from './rate-limiter';

/** events that cost nothing and come in bursts by nature */
const UNCOUNTED_EVENTS = new Set(['typing']);

/**
 * RATE_LIMIT_PER_IP over a gateway's events, in the same count as the address's REST requests. A limited event is
 * answered RATE_LIMITED by the WS filter (its ack, or an `error` event); the socket stays connected.
 */
@Injectable()
export class SocketRateLimitGuard implements CanActivate {
  constructor(
    private readonly limits: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const event = Reflect.getMetadata(MESSAGE_METADATA, context.getHandler()) as string | undefined;
    if (event && UNCOUNTED_EVENTS.has(event)) return true;
    await this.limits.perAddress(socketClientAddress(context.switchToWs().getClient<Socket>(), this.config.security.trustProxy));
    return true;
  }
}
