import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigValidationError, loadConfig } from './config/app-config';
import { DomainError } from './common/domain-error';
import { shutDown } from './shutdown/shutdown';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port);
  Logger.log(`kefu is listening on http://localhost:${config.port} (API docs: /docs)`, 'Bootstrap');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      Logger.log(`${signal}: draining, then stopping`, 'Bootstrap');
      shutDown(app).then(
        () => process.exit(0),
        (error: Error) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
}

bootstrap().catch((error: unknown) => {
  // configuration and database set-up problems are the user's to fix: print the message, not a stack trace
  if (error instanceof ConfigValidationError || error instanceof DomainError) console.error(`\n${error.message}\n`);
  else console.error(error);
  process.exit(1);
});
