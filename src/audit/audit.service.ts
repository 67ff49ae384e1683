import { Injectable } from '@nestjs/common';
import { AuditEntry, AuditRecord, AuditRepository } from './audit.repository';

/** What agents and admins did with accounts, the knowledge and customers' data; read by admins only. */
@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  record(record: AuditRecord): Promise<void> {
    return this.repository.insert(record);
  }

  list(options: { limit: number; before?: string; action?: string }): Promise<AuditEntry[]> {
    return this.repository.list({ limit: options.limit, before: options.before === undefined ? undefined : BigInt(options.before), action: options.action });
  }
}
