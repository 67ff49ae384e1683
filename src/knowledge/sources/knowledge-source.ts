import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { KnowledgeFileKind, KnowledgeProblem, ParseResult } from '../knowledge.types';
import { parseAnnouncementFile } from './announcement.parser';
import { parseDocumentFile } from './document.parser';
import { parseFaqFile } from './faq.parser';
import { withoutModelInstructions } from './model-instructions';
import { parseSettingsFile } from './settings.parser';

export const SETTINGS_FILE = 'kefu.yaml';
const DOCUMENT_EXTENSIONS = new Set(['.md', '.markdown', '.txt', '.html', '.htm', '.pdf', '.docx']);
/** Bigger files are reported, not read: a knowledge file that size is almost always a mistake (a video, a dump). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface KnowledgeFileRef {
  /** relative to the knowledge folder, with forward slashes: the file's identity in the index and in sources */
  path: string;
  absolutePath: string;
  kind: KnowledgeFileKind;
  size: number;
}

/** What kind of knowledge a path holds, or undefined for files the indexer ignores (images, editor backups…). */
export function classify(relativePath: string): KnowledgeFileKind | undefined {
  const name = path.posix.basename(relativePath).toLowerCase();
  if (name.startsWith('.') || name.startsWith('~$') || name.endsWith('~')) return undefined;
  if (relativePath === SETTINGS_FILE) return 'settings';
  if (/\.faq\.ya?ml$/.test(name)) return 'faq';
  const extension = path.posix.extname(name);
  if (relativePath.startsWith('announcements/') && (extension === '.md' || extension === '.markdown')) return 'announcement';
  return DOCUMENT_EXTENSIONS.has(extension) ? 'document' : undefined;
}

/** Every knowledge file under `root`, recursively, in a stable order (settings first, then by path). */
export async function scanKnowledgeFolder(root: string): Promise<KnowledgeFileRef[]> {
  const files: KnowledgeFileRef[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const absolutePath = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(absolutePath);
      } else if (entry.isFile()) {
        const relativePath = path.relative(root, absolutePath).split(path.sep).join('/');
        const kind = classify(relativePath);
        if (kind) files.push({ path: relativePath, absolutePath, kind, size: (await stat(absolutePath)).size });
      }
    }
  }
  await walk(root);
  return files.sort((a, b) => (a.kind === 'settings' ? -1 : b.kind === 'settings' ? 1 : a.path.localeCompare(b.path)));
}

export async function readKnowledgeFile(file: KnowledgeFileRef): Promise<Buffer> {
  return readFile(file.absolutePath);
}

export function contentHash(data: Buffer, pipelineFingerprint: string): string {
  return createHash('sha256').update(pipelineFingerprint).update('\0').update(data).digest('hex');
}

export async function parseKnowledgeFile(file: Pick<KnowledgeFileRef, 'path' | 'kind' | 'size'>, data: Buffer): Promise<ParseResult> {
  if (file.size > MAX_FILE_BYTES || data.length > MAX_FILE_BYTES) {
    return { entries: [], problems: [tooBig(file.path, data.length)] };
  }
  switch (file.kind) {
    case 'faq':
      return withoutModelInstructions(file.path, parseFaqFile(file.path, decodeUtf8(data)));
    case 'settings':
      return parseSettingsFile(file.path, decodeUtf8(data));
    case 'announcement':
      return withoutModelInstructions(file.path, parseAnnouncementFile(file.path, decodeUtf8(data)));
    case 'document':
      return withoutModelInstructions(file.path, await parseDocumentFile(file.path, data));
  }
}

function decodeUtf8(data: Buffer): string {
  return data.toString('utf8').replace(/^\uFEFF/, '');
}

function tooBig(relativePath: string, bytes: number): KnowledgeProblem {
  return { path: relativePath, message: `the file is ${(bytes / 1024 / 1024).toFixed(1)} MiB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MiB`, severity: 'error' };
}
