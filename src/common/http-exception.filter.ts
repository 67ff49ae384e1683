import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { DomainError, HTTP_STATUS_BY_CODE } from './domain-error';
import { currentLogContext } from '../logging/log-context';

interface ErrorBody {
  error: { code: string; message: string; details?: unknown; requestId?: string };
}

/** The one HTTP filter: domain codes → status codes, Nest HTTP errors kept, anything else a logged 500. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const [status, body] = this.toResponse(exception, request);
    if (status === 429 && !response.getHeader('Retry-After')) response.setHeader('Retry-After', String(retryAfterSeconds(exception)));
    response.status(status).json(body);
  }

  private toResponse(exception: unknown, request: Request): [number, ErrorBody] {
    if (exception instanceof DomainError) {
      return [HTTP_STATUS_BY_CODE[exception.code], { error: { code: exception.code, message: exception.message, details: exception.details } }];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      const message = typeof payload === 'string' ? payload : ((payload as { message?: unknown }).message ?? exception.message);
      const fieldErrors = Array.isArray(message) ? message : undefined;
      return [
        status,
        {
          error: {
            code: status === 400 ? 'VALIDATION_FAILED' : status === 413 ? 'PAYLOAD_TOO_LARGE' : httpCodeName(status),
            message: fieldErrors ? fieldErrors.join('; ') : String(message),
            details: fieldErrors ? { fields: fieldErrors } : undefined,
          },
        },
      ];
    }
    const bodyParserError = exception as { type?: string; status?: number; limit?: number };
    if (bodyParserError?.type === 'entity.too.large') {
      return [413, { error: { code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than ${bodyParserError.limit} bytes` } }];
    }
    if (bodyParserError?.type === 'entity.parse.failed') {
      return [400, { error: { code: 'VALIDATION_FAILED', message: 'The request body is not valid JSON' } }];
    }
    const requestId = currentLogContext()?.requestId ?? randomUUID();
    this.logger.error(`${request.method} ${request.url} failed [${requestId}]`, exception instanceof Error ? exception.stack : String(exception));
    return [500, { error: { code: 'INTERNAL', message: 'Internal error', requestId } }];
  }
}

/** A 429 always says when to come back: the limit's own wait, else a minute (the longest window a limit uses). */
function retryAfterSeconds(exception: unknown): number {
  const details = exception instanceof DomainError ? (exception.details as { retryAfterSeconds?: unknown } | undefined) : undefined;
  return typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : 60;
}

function httpCodeName(status: number): string {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  return status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
}
