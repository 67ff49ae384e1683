// `prisma generate` without network access. Prisma's CLI downloads a native schema engine before any
// command, which fails offline; `generate` never uses it, so pointing PRISMA_SCHEMA_ENGINE_BINARY at any
// existing file lets the CLI start. Migrations are hand-written SQL applied by src/database/migrator.ts.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const prismaCli = require.resolve('prisma/build/index.js');
const result = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', path.join(__dirname, 'schema.prisma')], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
});
process.exit(result.status ?? 1);
