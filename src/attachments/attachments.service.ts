import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { MessageAttachment } from '../conversations/conversation.types';
import { AttachmentMeta, AttachmentsRepository } from './attachments.repository';
import { cleanImage, ImageFileError } from './image-file';

/** At most this many photos ride on one message. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 4;

/**
 * Photos in conversations: checked by their bytes, stripped of metadata, stored in the database (every instance
 * serves them), and read back only for the conversation they belong to.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly repository: AttachmentsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async upload(conversationId: string, bytes: Buffer | undefined, uploadedBy: string): Promise<MessageAttachment> {
    if (!bytes || bytes.length === 0) throw new DomainError('VALIDATION_FAILED', 'Send the photo as the multipart field "file"', { fields: ['file is required'] });
    const limit = this.config.widget.uploadMaxBytes;
    if (bytes.length > limit) throw new DomainError('PAYLOAD_TOO_LARGE', `The photo is larger than ${formatBytes(limit)}`);
    let image;
    try {
      image = cleanImage(bytes);
    } catch (error) {
      if (error instanceof ImageFileError) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', error.message);
      throw error;
    }
    return toMessageAttachment(await this.repository.create({ conversationId, contentType: image.contentType, bytes: image.bytes, width: image.width, height: image.height, uploadedBy }));
  }

  /** The photos a message names: each must have been uploaded to the same conversation. */
  async forMessage(conversationId: string, ids: string[] = []): Promise<MessageAttachment[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    if (unique.length > MAX_ATTACHMENTS_PER_MESSAGE) throw new DomainError('VALIDATION_FAILED', `At most ${MAX_ATTACHMENTS_PER_MESSAGE} photos per message`);
    const found = await this.repository.findMeta(conversationId, unique);
    if (found.length !== unique.length) throw new DomainError('NOT_FOUND', 'No such attachment in this conversation');
    return unique.map((id) => toMessageAttachment(found.find((meta) => meta.id === id)!));
  }

  /** The bytes of a photo, only when it belongs to `conversationId` (agents pass undefined: they may see any). */
  async read(attachmentId: string, conversationId?: string): Promise<{ contentType: string; bytes: Buffer }> {
    const attachment = await this.repository.read(attachmentId);
    if (!attachment || (conversationId !== undefined && attachment.conversationId !== conversationId)) throw new DomainError('NOT_FOUND', 'No such attachment');
    return { contentType: attachment.contentType, bytes: attachment.bytes };
  }
}

function toMessageAttachment(meta: AttachmentMeta): MessageAttachment {
  return { id: meta.id, contentType: meta.contentType, size: meta.size, ...(meta.width ? { width: meta.width } : {}), ...(meta.height ? { height: meta.height } : {}) };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} kB`;
}
