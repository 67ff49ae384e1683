import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { CustomerSelector, DeletedCounts, PrivacyRepository } from './privacy.repository';

export const EXPORT_FORMAT = 'kefu-customer-export/1';

/** A customer's right to a copy of their data and to its deletion (PIPL, GDPR), by conversation or shop customer id. */
@Injectable()
export class PrivacyService {
  constructor(private readonly repository: PrivacyRepository) {}

  async export(selector: CustomerSelector) {
    const ids = await this.existing(selector);
    return { format: EXPORT_FORMAT, exportedAt: new Date().toISOString(), selector, conversations: await this.repository.export(ids) };
  }

  async delete(selector: CustomerSelector): Promise<{ selector: CustomerSelector; deleted: DeletedCounts }> {
    return { selector, deleted: await this.repository.delete(await this.existing(selector)) };
  }

  private async existing(selector: CustomerSelector): Promise<string[]> {
    const ids = await this.repository.conversationIds(selector);
    if (ids.length === 0) throw new DomainError('NOT_FOUND', 'conversationId' in selector ? 'No such conversation' : 'No conversation of this customer id');
    return ids;
  }
}
