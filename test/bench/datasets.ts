import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The public data sets live beside the repository (../shared/datasets), never inside it. */
export function datasetsDir(): string {
  const dir = process.env.KEFU_DATASETS_DIR ?? path.resolve(__dirname, '../../../shared/datasets');
  if (!existsSync(dir)) throw new Error(`Data sets not found in ${dir}; set KEFU_DATASETS_DIR`);
  return dir;
}

export interface Clinc150 {
  train: Array<[string, string]>;
  test: Array<[string, string]>;
  oos_test: Array<[string, string]>;
  oos_train: Array<[string, string]>;
  val: Array<[string, string]>;
  oos_val: Array<[string, string]>;
}

export function loadClinc150(): Clinc150 {
  return JSON.parse(gunzipSync(readFileSync(path.join(datasetsDir(), 'clinc150/data_full.json.gz'))).toString('utf8'));
}
