import { existsSync } from 'node:fs';
import path from 'node:path';

/** The folder holding package.json: the same from src/ (ts) and dist/src/ (compiled). */
export function projectRoot(start = __dirname): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}
