import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The Prometheus metrics of this process (GET /metrics). One registry per process, not per application: model
 * calls are timed deep inside classes built by factories, and a process serves one application in production.
 */
export const metricsRegistry = new Registry();

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequests = new Counter({ name: 'kefu_http_requests_total', help: 'HTTP requests by method, route and status code', labelNames: ['method', 'route', 'status'], registers: [metricsRegistry] });
export const httpDuration = new Histogram({ name: 'kefu_http_request_duration_seconds', help: 'HTTP request latency', labelNames: ['method', 'route'], buckets: LATENCY_BUCKETS, registers: [metricsRegistry] });
export const socketEvents = new Counter({ name: 'kefu_socket_events_total', help: 'Socket.IO events handled, by namespace, event and outcome (ok or error)', labelNames: ['namespace', 'event', 'outcome'], registers: [metricsRegistry] });
export const socketDuration = new Histogram({ name: 'kefu_socket_event_duration_seconds', help: 'Socket.IO event handling latency', labelNames: ['namespace', 'event'], buckets: LATENCY_BUCKETS, registers: [metricsRegistry] });
export const socketsConnected = new Gauge({ name: 'kefu_sockets_connected', help: 'Socket.IO connections on this instance, by namespace', labelNames: ['namespace'], registers: [metricsRegistry] });
export const answers = new Counter({ name: 'kefu_answers_total', help: 'Bot replies by outcome (answer, clarify, unknown, smalltalk)', labelNames: ['outcome'], registers: [metricsRegistry] });
export const escalations = new Counter({ name: 'kefu_escalations_total', help: 'Conversations handed to a person, by reason', labelNames: ['reason'], registers: [metricsRegistry] });
export const queueLength = new Gauge({ name: 'kefu_queue_length', help: 'Conversations waiting for an agent (whole deployment)', registers: [metricsRegistry] });
export const queueOldestWait = new Gauge({ name: 'kefu_queue_oldest_wait_seconds', help: 'How long the longest-waiting conversation has waited (0 when none)', registers: [metricsRegistry] });
export const agentsOnline = new Gauge({ name: 'kefu_agents_online', help: 'Agents online with a live presence lease (whole deployment)', registers: [metricsRegistry] });
export const indexVersion = new Gauge({ name: 'kefu_index_version', help: 'The knowledge index version stored in the database', registers: [metricsRegistry] });
export const indexAge = new Gauge({ name: 'kefu_index_age_seconds', help: 'Seconds since the index version last changed', registers: [metricsRegistry] });
export const knowledgeModelBuilds = new Counter({ name: 'kefu_knowledge_model_builds_total', help: 'Classifiers trained and confidence models calibrated by this instance (other instances load the stored ones), by kind', labelNames: ['kind'], registers: [metricsRegistry] });
export const databaseCalls = new Counter({ name: 'kefu_embedded_database_calls_total', help: 'Calls to the embedded database thread by operation (query, exec, begin, end…): round trips', labelNames: ['op'], registers: [metricsRegistry] });
export const modelCallDuration = new Histogram({ name: 'kefu_model_call_duration_seconds', help: 'Model server calls by kind (chat, summary, embedding) and outcome', labelNames: ['kind', 'outcome'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32], registers: [metricsRegistry] });
export const modelCallFailures = new Counter({ name: 'kefu_model_call_failures_total', help: 'Model server calls that failed or timed out, by kind', labelNames: ['kind'], registers: [metricsRegistry] });

/** Times one model call and counts its failure; the call's result or error passes through. */
export async function timeModelCall<T>(kind: 'chat' | 'summary' | 'embedding', call: () => Promise<T>): Promise<T> {
  const end = modelCallDuration.startTimer({ kind });
  try {
    const result = await call();
    end({ outcome: 'ok' });
    return result;
  } catch (error) {
    end({ outcome: 'error' });
    modelCallFailures.inc({ kind });
    throw error;
  }
}
