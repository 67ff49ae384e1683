import type { INestApplication } from '@nestjs/common';
import { GracefulShutdownService } from './graceful-shutdown.service';

/** Drains the instance (graceful-shutdown.service.ts), then closes it: modules, sockets, the database. */
export async function shutDown(app: INestApplication): Promise<void> {
  await app.get(GracefulShutdownService).drain();
  await app.close();
}
