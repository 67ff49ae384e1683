#!/usr/bin/env node
// Builds the browser code (src/web/**) into dist/web/ with esbuild: offline, one small binary package, and fast
// enough to run on every `npm run build` / `npm start`. Each entry becomes dist/web/<out>.js; every other file of an
// entry's folder (HTML, CSS, images) is copied beside it as dist/web/<folder>/<file>.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = path.join(root, 'dist/web');

/** The front-end entries; a new page adds one line here (and its folder under src/web/). */
export const ENTRIES = [
  { in: 'src/web/widget/main.ts', out: 'widget' },
  { in: 'src/web/demo/main.ts', out: 'demo' },
  { in: 'src/web/console/main.ts', out: 'console' },
];

export async function buildWeb({ quiet = false } = {}) {
  mkdirSync(outdir, { recursive: true });
  const started = performance.now();
  await build({
    entryPoints: ENTRIES.map((entry) => ({ in: path.join(root, entry.in), out: entry.out })),
    outdir,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    sourcemap: false,
    legalComments: 'none',
    // the widget is loaded with `async` on pages kefu does not control: no globals leak, no eval
    tsconfig: path.join(root, 'src/web/tsconfig.json'),
    logLevel: quiet ? 'error' : 'warning',
  });
  for (const entry of ENTRIES) {
    const folder = path.dirname(path.join(root, entry.in));
    for (const name of readdirSync(folder)) {
      const file = path.join(folder, name);
      if (statSync(file).isFile() && !/\.tsx?$/.test(name)) {
        mkdirSync(path.join(outdir, path.basename(folder)), { recursive: true });
        cpSync(file, path.join(outdir, path.basename(folder), name));
      }
    }
  }
  const sizes = ENTRIES.map((entry) => {
    const bytes = readFileSync(path.join(outdir, `${entry.out}.js`));
    return { name: `${entry.out}.js`, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  if (!quiet) {
    const ms = Math.round(performance.now() - started);
    for (const size of sizes) console.log(`web: dist/web/${size.name} ${(size.bytes / 1024).toFixed(1)} kB, ${(size.gzip / 1024).toFixed(1)} kB gzipped`);
    console.log(`web: built ${ENTRIES.length} entries in ${ms} ms`);
  }
  return sizes;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  if (!existsSync(path.join(root, 'node_modules/esbuild'))) {
    console.error('esbuild is missing: run npm install');
    process.exit(1);
  }
  buildWeb().catch((error) => {
    console.error(error.message ?? error);
    process.exit(1);
  });
}
