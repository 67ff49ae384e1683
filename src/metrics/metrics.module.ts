import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { HttpMetricsMiddleware, SocketMetricsInterceptor } from './request-metrics';

/**
 * Prometheus metrics (GET /metrics) and the request counters behind them: a middleware for every HTTP route, an
 * interceptor each gateway names (global interceptors do not reach gateways).
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, SocketMetricsInterceptor],
  exports: [MetricsService, SocketMetricsInterceptor],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
