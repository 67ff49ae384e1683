import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import type { Prisma } from '../generated/prisma/client';

export interface AuditRecord {
  actorId?: string;
  /** the agent's email at the time, or "system" */
  actor: string;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
  address?: string;
}

export interface AuditEntry extends AuditRecord {
  id: string;
  at: Date;
  details: Record<string, unknown>;
}

/** The only file touching the audit_entry table. */
@Injectable()
export class AuditRepository {
  constructor(private readonly database: DatabaseService) {}

  async insert(record: AuditRecord): Promise<void> {
    await this.database.prisma.auditEntry.create({
      data: { actorId: record.actorId ?? null, actor: record.actor, action: record.action, target: record.target ?? null, details: (record.details ?? {}) as Prisma.InputJsonObject, address: record.address ?? null },
    });
  }

  /** Newest first; `before` pages back by id. */
  async list(options: { limit: number; before?: bigint; action?: string }): Promise<AuditEntry[]> {
    const rows = await this.database.prisma.auditEntry.findMany({
      where: { ...(options.before !== undefined ? { id: { lt: options.before } } : {}), ...(options.action ? { action: options.action } : {}) },
      orderBy: { id: 'desc' },
      take: options.limit,
    });
    return rows.map((row) => ({
      id: String(row.id),
      at: row.at,
      actorId: row.actorId ?? undefined,
      actor: row.actor,
      action: row.action,
      target: row.target ?? undefined,
      details: row.details as Record<string, unknown>,
      address: row.address ?? undefined,
    }));
  }
}
