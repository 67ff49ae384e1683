import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, mergeMap, Observable } from 'rxjs';
import type { AgentRequest } from '../agents/auth/authenticated-agent';
import { AuditService } from './audit.service';
import { AUDITED_ACTION } from './audited.decorator';

/** Writes an @Audited route's successful call to the audit log before the response leaves. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = context.getType() === 'http' ? this.reflector.get<string | undefined>(AUDITED_ACTION, context.getHandler()) : undefined;
    if (!action) return next.handle();
    const request = context.switchToHttp().getRequest<AgentRequest>();
    return next.handle().pipe(
      mergeMap((result: unknown) =>
        from(
          this.audit
            .record({
              actorId: request.agent?.id,
              actor: request.agent?.email ?? 'anonymous',
              action,
              target: targetOf(request),
              details: fieldsOf(request.body),
              address: request.ip,
            })
            .then(() => result),
        ),
      ),
    );
  }
}

function targetOf(request: AgentRequest): string | undefined {
  const params = request.params as Record<string, string | undefined>;
  const query = request.query as Record<string, unknown>;
  if (params.id) return params.id;
  for (const key of ['conversationId', 'customerId']) if (typeof query[key] === 'string') return `${key}:${query[key] as string}`;
  return undefined;
}

function fieldsOf(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length > 0 ? { fields: Object.keys(body).sort() } : {};
}
