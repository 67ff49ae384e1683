import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../common/domain-error';
import { annotateLogContext } from '../logging/log-context';
import { ConversationsService } from './conversations.service';

/**
 * REST routes under /conversations/:id need `Authorization: Bearer <conversation token>` for that conversation; a
 * POST to a conversation reserved but not stored yet stores it first.
 */
@Injectable()
export class ConversationTokenGuard implements CanActivate {
  constructor(private readonly conversations: ConversationsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new DomainError('UNAUTHORIZED', 'Missing conversation token (Authorization: Bearer <token>)');
    await this.conversations.authorize(String(request.params.id), token);
    annotateLogContext({ conversationId: String(request.params.id) });
    if (request.method === 'POST') await this.conversations.open(String(request.params.id), token);
    return true;
  }
}
