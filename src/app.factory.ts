import { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { OriginPolicy } from './common/security/origins';
import { SafeValidationPipe } from './common/security/safe-validation.pipe';
import { securityHeaders } from './common/security/security-headers';
import type { AppConfig } from './config/app-config';
import { StructuredLogger } from './logging/structured-logger';
import { RedisIoAdapter } from './realtime/redis-io.adapter';

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Builds the HTTP + Socket.IO application; shared by main.ts and the end-to-end tests. Signals are main.ts's: it
 * drains the instance before closing it (shutdown/shutdown.ts).
 */
export async function createApp(config: AppConfig, options: { logger?: false | LoggerService } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: options.logger ?? appLogger(config),
    bodyParser: false,
  });
  app.disable('x-powered-by');
  const origins = app.get(OriginPolicy);
  app.use(securityHeaders(origins));
  app.enableCors(origins.corsDelegate);
  app.useBodyParser('json', { limit: '64kb' });
  // behind a load balancer the client's address is the last X-Forwarded-For hop the proxy added
  if (config.security.trustProxy) app.set('trust proxy', 1);
  app.useGlobalPipes(new SafeValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new HttpExceptionFilter());
  if (config.redisUrl) {
    const adapter = new RedisIoAdapter(app);
    await adapter.connectToRedis(config.redisUrl);
    app.useWebSocketAdapter(adapter);
  }
  const openApi = new DocumentBuilder()
    .setTitle('kefu')
    .setDescription('Customer-service bot and live chat: ask, conversations, agents, knowledge')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}

/** LOG_FORMAT=json (the default) writes one object per line for a log collector; text is for a terminal. */
export function appLogger(config: AppConfig): LoggerService | LogLevel[] {
  if (config.logFormat === 'json') return new StructuredLogger(config.logLevel);
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.logLevel) + 1);
}
