import { Module } from '@nestjs/common';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';

/** Photo storage, shared by the customer side (messages with photos) and the attachment routes. */
@Module({ providers: [AttachmentsRepository, AttachmentsService], exports: [AttachmentsService] })
export class AttachmentsStoreModule {}
