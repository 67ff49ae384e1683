import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from './config/app-config';
import { AgentDeskModule } from './agents/agent-desk.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AgentsModule } from './agents/agents.module';
import { AnsweringModule } from './answering/answering.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EvaluationModule } from './evaluation/evaluation.module';
import { ConversationsModule } from './conversations/conversations.module';
import { HealthModule } from './health/health.module';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { AuditModule } from './audit/audit.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { PrivacyModule } from './privacy/privacy.module';
import { RealtimeModule } from './realtime/realtime.module';
import { ShutdownModule } from './shutdown/shutdown.module';
import { SecurityModule } from './common/security/security.module';
import { TicketsModule } from './tickets/tickets.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        AuditModule,
        DatabaseModule,
        RealtimeModule,
        SecurityModule,
        KnowledgeModule,
        AnsweringModule,
        AgentsModule,
        AgentDeskModule,
        ConversationsModule,
        AnalyticsModule,
        EvaluationModule,
        HealthModule,
        MetricsModule,
        ShutdownModule,
        TicketsModule,
        WebModule,
        AttachmentsModule,
        PrivacyModule,
      ],
    };
  }
}
