import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { HttpLoggingMiddleware, SocketLoggingInterceptor } from './request-logging';

/** Request ids and one log line per API request and socket event (README "Logs"). */
@Global()
@Module({
  providers: [SocketLoggingInterceptor],
  exports: [SocketLoggingInterceptor],
})
export class LoggingModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpLoggingMiddleware).forRoutes('*');
  }
}
