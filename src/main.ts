import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigValidationError, loadConfig } from './config/app-config';
import { DomainError } from './common/domain-error';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port);
  Logger.log(`kefu is listening on http://localhost:${config.port} (API docs: /docs)`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  // configuration and database set-up problems are the user's to fix: print the message, not a stack trace
  if (error instanceof ConfigValidationError || error instanceof DomainError) console.error(`\n${error.message}\n`);
  else console.error(error);
  process.exit(1);
});
