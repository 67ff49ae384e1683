import { Injectable } from '@nestjs/common';
import { answers, escalations, metricsRegistry } from './metrics';

/**
 * Metrics for the services that count things, and the scrape: gauges read from the database (the queue, agents
 * online, the index) are set by the modules that own that data, through `onScrape`, just before each scrape.
 */
@Injectable()
export class MetricsService {
  readonly answers = answers;
  readonly escalations = escalations;
  private readonly collectors = new Set<() => Promise<void>>();

  /** Runs before every scrape; returns the function that removes it. */
  onScrape(collector: () => Promise<void>): () => void {
    this.collectors.add(collector);
    return () => this.collectors.delete(collector);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    await Promise.all([...this.collectors].map((collect) => collect().catch(() => undefined)));
    return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
  }
}
