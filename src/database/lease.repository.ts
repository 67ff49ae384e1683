import { Injectable } from '@nestjs/common';
import { DatabaseService } from './database.service';

/**
 * Named leases in `kefu_lease`: work that one instance of the deployment does at a time (an index pass, the
 * presence and queue sweep) is taken by whoever holds the unexpired lease, and passes to another instance when
 * its holder stops renewing it (crashed or stopped). A row with an expiry, not a session advisory lock, because
 * the embedded database and its wire server give every connection the same session, where advisory locks are
 * re-entrant and would let every instance in.
 */
@Injectable()
export class LeaseRepository {
  constructor(private readonly database: DatabaseService) {}

  /** Takes or renews the lease; false while another owner holds it unexpired. Expiry is the database's clock. */
  async tryAcquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const rows = await this.database.prisma.$queryRaw<Array<{ owner: string }>>`
      INSERT INTO kefu_lease (name, owner, expires_at) VALUES (${name}, ${owner}, now() + ${ttlMs}::integer * interval '1 millisecond')
      ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
        WHERE kefu_lease.owner = EXCLUDED.owner OR kefu_lease.expires_at < now()
      RETURNING owner`;
    return rows.length === 1;
  }

  async release(name: string, owner: string): Promise<void> {
    await this.database.prisma.lease.deleteMany({ where: { name, owner } });
  }

  async holder(name: string): Promise<string | undefined> {
    const rows = await this.database.prisma.$queryRaw<Array<{ owner: string }>>`SELECT owner FROM kefu_lease WHERE name = ${name} AND expires_at > now()`;
    return rows[0]?.owner;
  }
}
