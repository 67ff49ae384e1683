import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { parseDocumentFile } from './document.parser';

function pdf(pages: string[][]): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ info: { Title: 'Test manual' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    pages.forEach((paragraphs, index) => {
      if (index > 0) doc.addPage();
      for (const paragraph of paragraphs) doc.text(paragraph).moveDown();
    });
    doc.end();
  });
}

describe('parseDocumentFile', () => {
  it('Markdown: front matter, heading path, positions', async () => {
    const { title, entries, problems } = await parseDocumentFile(
      'docs/guide.md',
      Buffer.from('---\ntitle: 使用指南\ntags: [Vacuum]\nlang: zh\n---\n# 使用指南\n\n简介。\n\n## 故障\n\n### E1\n\n轮子卡住。\n\n## 电池\n\n续航 150 分钟。\n'),
    );
    expect(problems).toEqual([]);
    expect(title).toBe('使用指南');
    expect(entries.map((entry) => [entry.id, entry.headingPath, entry.content])).toEqual([
      ['docs/guide.md#0', [], { text: '简介。' }],
      ['docs/guide.md#1', ['故障', 'E1'], { text: '轮子卡住。' }],
      ['docs/guide.md#2', ['电池'], { text: '续航 150 分钟。' }],
    ]);
    expect(entries[1]).toMatchObject({ tags: ['vacuum'], lang: 'zh', kind: 'document' });
    expect(entries[1].phrases).toEqual([{ role: 'passage', text: '使用指南\n故障\nE1\n轮子卡住。' }]);
  });

  it('text: paragraphs, long ones split at sentence ends', async () => {
    const long = 'The battery lasts a long time. '.repeat(40).trim();
    const { entries } = await parseDocumentFile('docs/notes.txt', Buffer.from(`First paragraph.\n\n${long}`));
    expect(entries.length).toBeGreaterThan(2);
    expect(entries[0].content).toEqual({ text: 'First paragraph.' });
    for (const entry of entries.slice(1)) expect((entry.content as { text: string }).text).toMatch(/^The battery.*\.$/);
  });

  it('HTML: headings and tables, scripts dropped', async () => {
    const html = '<html><head><title>Kettle</title><script>var x = 1;</script></head><body><h1>Kettle K1</h1><h2>Specs</h2><table><tr><th>Capacity</th><td>1.7 L</td></tr></table><p>Boils in <b>4</b> minutes.</p></body></html>';
    const { title, entries } = await parseDocumentFile('docs/kettle.html', Buffer.from(html));
    expect(title).toBe('Kettle K1');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ headingPath: ['Specs'], content: { text: 'Capacity | 1.7 L\nBoils in 4 minutes.' } });
  });

  it('DOCX: Word headings become the heading path', async () => {
    const docx = await Packer.toBuffer(
      new Document({
        sections: [
          {
            children: [
              new Paragraph({ text: '安装说明', heading: HeadingLevel.HEADING_1 }),
              new Paragraph({ text: '预约', heading: HeadingLevel.HEADING_2 }),
              new Paragraph('签收后 30 天内预约上门安装。'),
            ],
          },
        ],
      }),
    );
    const { title, entries, problems } = await parseDocumentFile('docs/install.docx', docx);
    expect(problems).toEqual([]);
    expect(title).toBe('安装说明');
    expect(entries).toEqual([expect.objectContaining({ headingPath: ['预约'], content: { text: '签收后 30 天内预约上门安装。' } })]);
  });

  it('PDF: text per page, title from the metadata', async () => {
    const { title, entries } = await parseDocumentFile('docs/manual.pdf', await pdf([['Press and hold the button for five seconds to reset.'], ['The lamp supports schedules.']]));
    expect(title).toBe('Test manual');
    expect(entries.map((entry) => [entry.headingPath, entry.content])).toEqual([
      [['p. 1'], { text: 'Press and hold the button for five seconds to reset.' }],
      [['p. 2'], { text: 'The lamp supports schedules.' }],
    ]);
  });

  it('PDF: reads it on another thread, leaving the built-ins of this one as they were', async () => {
    // pdf.js comes with core-js polyfills that replace Array.prototype.push and JSON.parse in the realm that loads it;
    // a fresh process shows whether loading the parser and reading a PDF touched the caller's
    const folder = mkdtempSync(path.join(tmpdir(), 'kefu-pdf-'));
    try {
      const file = path.join(folder, 'manual.pdf');
      writeFileSync(file, await pdf([['Press and hold the button for five seconds to reset.']]));
      const script = `
        const push = Array.prototype.push, parse = JSON.parse;
        const { parseDocumentFile } = require(${JSON.stringify(path.join(__dirname, 'document.parser'))});
        parseDocumentFile('docs/manual.pdf', require('node:fs').readFileSync(${JSON.stringify(file)})).then((result) => {
          console.log(JSON.stringify({ text: result.entries[0]?.content.text, builtInsKept: Array.prototype.push === push && JSON.parse === parse }));
        });`;
      const output = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], { encoding: 'utf8' });
      expect(JSON.parse(output.trim().split('\n').pop()!)).toEqual({ text: 'Press and hold the button for five seconds to reset.', builtInsKept: true });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('reports unreadable files instead of throwing', async () => {
    expect((await parseDocumentFile('docs/fake.pdf', Buffer.from('not a pdf'))).problems).toEqual([
      expect.objectContaining({ path: 'docs/fake.pdf', severity: 'error', message: expect.stringMatching(/^cannot read PDF file/) }),
    ]);
    expect((await parseDocumentFile('docs/fake.docx', Buffer.from('not a zip'))).problems[0].message).toMatch(/^cannot read DOCX file/);
    expect((await parseDocumentFile('docs/latin1.md', Buffer.from([0x63, 0x61, 0x66, 0xe9]))).problems[0].message).toBe('the file is not valid UTF-8; save it as UTF-8');
    expect((await parseDocumentFile('docs/bad.md', Buffer.from('---\ntitle: [oops\n---\ntext'))).problems[0].message).toMatch(/^front matter is not valid YAML/);
  });
});
