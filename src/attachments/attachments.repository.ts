import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { isUuid } from '../conversations/conversations.repository';
import type { AttachmentType } from './image-file';

export interface AttachmentMeta {
  id: string;
  conversationId: string;
  contentType: AttachmentType;
  size: number;
  width: number | null;
  height: number | null;
}

/** Photos of conversations, bytes included. The only file touching the attachment table. */
@Injectable()
export class AttachmentsRepository {
  constructor(private readonly database: DatabaseService) {}

  async create(attachment: { conversationId: string; contentType: AttachmentType; bytes: Buffer; width?: number; height?: number; uploadedBy: string }): Promise<AttachmentMeta> {
    const row = await this.database.prisma.attachment.create({
      data: { conversationId: attachment.conversationId, contentType: attachment.contentType, size: attachment.bytes.length, width: attachment.width ?? null, height: attachment.height ?? null, data: new Uint8Array(attachment.bytes), uploadedBy: attachment.uploadedBy },
      select: META,
    });
    return toMeta(row);
  }

  async findMeta(conversationId: string, ids: string[]): Promise<AttachmentMeta[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const rows = await this.database.prisma.attachment.findMany({ where: { conversationId, id: { in: valid } }, select: META });
    return rows.map(toMeta);
  }

  async read(id: string): Promise<(AttachmentMeta & { bytes: Buffer }) | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.database.prisma.attachment.findUnique({ where: { id }, select: { ...META, data: true } });
    return row ? { ...toMeta(row), bytes: Buffer.from(row.data) } : undefined;
  }
}

const META = { id: true, conversationId: true, contentType: true, size: true, width: true, height: true } as const;

function toMeta(row: { id: string; conversationId: string; contentType: string; size: number; width: number | null; height: number | null }): AttachmentMeta {
  return { id: row.id, conversationId: row.conversationId, contentType: row.contentType as AttachmentType, size: row.size, width: row.width, height: row.height };
}
