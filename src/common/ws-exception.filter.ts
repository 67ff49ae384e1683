import { ArgumentsHost, Catch, HttpException, Logger, ValidationError } from '@nestjs/common';
import { BaseWsExceptionFilter } from '@nestjs/websockets';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io';
import { DomainError } from './domain-error';
import { currentLogContext } from '../logging/log-context';
import { SafeValidationPipe } from './security/safe-validation.pipe';

export interface WsErrorPayload {
  error: { code: string; message: string; details?: unknown; requestId?: string };
}

/**
 * The one WS filter: a failed event answers its ack with `{ error: { code, message } }` (or emits `error` when the
 * client asked for no ack). The socket stays connected.
 */
@Catch()
export class WsExceptionFilter extends BaseWsExceptionFilter {
  private readonly logger = new Logger('WS');

  catch(exception: unknown, host: ArgumentsHost): void {
    const socket = host.switchToWs().getClient<Socket>();
    const payload = toWsError(exception);
    if (payload.error.code === 'INTERNAL') this.logger.error(`${socket.nsp?.name} event failed [${payload.error.requestId}]`, exception instanceof Error ? exception.stack : String(exception));
    const ack = host.getArgs().find((arg): arg is (response: unknown) => void => typeof arg === 'function');
    if (ack) ack(payload);
    else socket.emit('error', payload.error);
  }
}

export function toWsError(exception: unknown): WsErrorPayload {
  if (exception instanceof DomainError) return { error: { code: exception.code, message: exception.message, details: exception.details } };
  if (exception instanceof HttpException) {
    const response = exception.getResponse() as { message?: unknown };
    const message = Array.isArray(response.message) ? response.message.join('; ') : String(response.message ?? exception.message);
    return { error: { code: exception.getStatus() === 400 ? 'VALIDATION_FAILED' : 'ERROR', message } };
  }
  return { error: { code: 'INTERNAL', message: 'Internal error', requestId: currentLogContext()?.requestId ?? randomUUID() } };
}

/** Socket payloads are validated like REST bodies; a payload that is not an object is refused before that. */
export const wsValidationPipe = new SafeValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors: ValidationError[]) => {
    const fields = errors.flatMap((error) => Object.values(error.constraints ?? {}));
    return new DomainError('VALIDATION_FAILED', fields.join('; ') || 'Invalid payload', { fields });
  },
});
