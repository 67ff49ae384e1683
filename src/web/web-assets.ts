import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../common/project-root';

/** How long browsers keep each kind of file, in seconds; ETags make revalidation cheap after that. */
export const CACHE_SECONDS = {
  /** shops embed /widget.js by a fixed URL: a new kefu version should reach their customers within minutes */
  widget: 300,
  /** scripts, styles and images of kefu's own pages */
  asset: 3600,
  /** HTML pages are always revalidated, so they never point at scripts of another version */
  page: 0,
} as const;

/** Where `npm run build` (src/web/build.mjs) writes the browser code. */
export function webRoot(): string {
  return path.join(projectRoot(), 'dist/web');
}

/** A built file by a name taken from a URL: plain names only, never a path the client chose. */
export function builtFile(name: string): string | undefined {
  if (!/^[a-z0-9][\w-]*(\/[a-z0-9][\w-]*)?\.(js|css|svg|png|webp|jpg|ico|map|html)$/i.test(name)) return undefined;
  const file = path.join(webRoot(), name);
  return existsSync(file) ? file : undefined;
}
