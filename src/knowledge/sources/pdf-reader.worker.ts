import { parentPort } from 'node:worker_threads';
import { PDFParse } from 'pdf-parse';
import type { PdfReply, PdfText } from './pdf-reader';

/** Reads one PDF per message (see pdf-reader.ts for why this runs on its own thread). */
parentPort!.on('message', async ({ id, data }: { id: number; data: Uint8Array }) => {
  try {
    parentPort!.postMessage({ id, pdf: await read(data) } satisfies PdfReply);
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies PdfReply);
  }
});

async function read(data: Uint8Array): Promise<PdfText> {
  const parser = new PDFParse({ data });
  try {
    // one call at a time: concurrent calls on one PDFParse fail with "Unable to deserialize cloned data"
    const text = await parser.getText();
    const info = await parser.getInfo();
    const metaTitle = (info.info as { Title?: unknown } | undefined)?.Title;
    return {
      title: typeof metaTitle === 'string' && metaTitle.trim() ? metaTitle.trim() : undefined,
      pages: text.pages.map((page) => ({ num: page.num, text: page.text })),
    };
  } finally {
    await parser.destroy();
  }
}
