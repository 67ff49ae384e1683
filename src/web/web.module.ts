import { Module } from '@nestjs/common';
import { AnsweringModule } from '../answering/answering.module';
import { WebController } from './web.controller';
import { WidgetConfigController } from './widget-config.controller';

/** Serves the built browser code (the widget, the demo storefront, the agent console) and the widget's settings. */
@Module({ imports: [AnsweringModule], controllers: [WebController, WidgetConfigController] })
export class WebModule {}
