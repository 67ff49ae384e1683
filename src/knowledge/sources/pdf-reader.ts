import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../common/worker-thread';

export interface PdfText {
  /** the document's own title (PDF metadata), if it has one */
  title?: string;
  pages: Array<{ num: number; text: string }>;
}

export type PdfReply = { id: number; pdf: PdfText; error?: undefined } | { id: number; error: string; pdf?: undefined };

/** How long one PDF may take: a malformed file can keep pdf.js busy indefinitely, and the folder must go on. */
export const PDF_READ_TIMEOUT_MS = 60_000;
/** The reader thread is stopped after this long without work: folders are indexed in bursts. */
const IDLE_MS = 30_000;

/**
 * Reads the text of PDFs on a worker thread, one at a time.
 *
 * Why a thread: pdf-parse bundles pdf.js with core-js polyfills that replace built-ins of the JavaScript realm that
 * loads it — Array.prototype.push becomes about six times slower, JSON.parse and Function.prototype.toString are
 * wrapped, globalThis.navigator appears. Loaded on the main thread they would slow every request of the process;
 * a worker has a realm of its own. It also keeps pdf.js's CPU time off the event loop, and a file that hangs it is
 * stopped after PDF_READ_TIMEOUT_MS without stopping the rest of the folder.
 */
class PdfReader {
  private worker?: Worker;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private idleTimer?: NodeJS.Timeout;

  read(data: Buffer): Promise<PdfText> {
    const run = this.queue.then(() => this.readNow(data));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private readNow(data: Buffer): Promise<PdfText> {
    clearTimeout(this.idleTimer);
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    worker.ref();
    return new Promise<PdfText>((resolve, reject) => {
      const cleanUp = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onFailure);
        worker.off('exit', onExit);
      };
      const onMessage = (reply: PdfReply) => {
        if (reply.id !== id) return;
        cleanUp();
        if (reply.pdf) resolve(reply.pdf);
        else reject(new Error(reply.error));
      };
      const onFailure = (error: Error) => {
        cleanUp();
        this.stop(worker);
        reject(error);
      };
      const onExit = (code: number) => onFailure(new Error(`the PDF reader thread exited (code ${code})`));
      const timer = setTimeout(() => onFailure(new Error(`reading took longer than ${PDF_READ_TIMEOUT_MS / 1000} s`)), PDF_READ_TIMEOUT_MS);
      worker.on('message', onMessage);
      worker.once('error', onFailure);
      worker.once('exit', onExit);
      worker.postMessage({ id, data: new Uint8Array(data) });
    }).finally(() => {
      if (this.worker !== worker) return;
      worker.unref();
      this.idleTimer = setTimeout(() => this.stop(worker), IDLE_MS).unref();
    });
  }

  private start(): Worker {
    const worker = startWorker(__dirname, 'pdf-reader.worker');
    worker.unref();
    return worker;
  }

  private stop(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
    void worker.terminate();
  }
}

const reader = new PdfReader();

/** The text of a PDF, page by page, read off the main thread. */
export function readPdf(data: Buffer): Promise<PdfText> {
  return reader.read(data);
}
