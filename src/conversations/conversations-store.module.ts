import { Module } from '@nestjs/common';
import { ConversationsRepository } from './conversations.repository';
import { MessengerService } from './messenger.service';

/** Conversation storage and delivery, shared by the customer side, escalation and the agent desk. */
@Module({ providers: [ConversationsRepository, MessengerService], exports: [ConversationsRepository, MessengerService] })
export class ConversationsStoreModule {}
