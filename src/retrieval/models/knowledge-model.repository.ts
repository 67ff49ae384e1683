import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../../database/database.service';

export type ModelKind = 'classifier' | 'confidence';

export interface ModelKey {
  kind: ModelKind;
  indexVersion: number;
  /** the text pipeline and model format it is built with (see ModelStore) */
  fingerprint: string;
}

export interface StoredModel extends ModelKey {
  data: Uint8Array;
  builtBy: string;
  buildMs: number;
}

interface ModelRow {
  index_version: number;
  fingerprint: string;
  data: string;
  built_by: string;
  build_ms: number;
}

/**
 * The models built for index versions (`knowledge_model`), one row per version, kind and fingerprint. The bytes
 * travel as base64 text: both Prisma driver adapters decode a bytea column's hex text one byte at a time, seconds of
 * CPU for a large folder's classifier, where Buffer's base64 codec is native.
 */
@Injectable()
export class KnowledgeModelRepository {
  constructor(private readonly database: DatabaseService) {}

  async find(key: ModelKey): Promise<StoredModel | undefined> {
    const [row] = await this.database.prisma.$queryRaw<ModelRow[]>`
      SELECT index_version, fingerprint, encode(data, 'base64') AS data, built_by, build_ms FROM knowledge_model
      WHERE index_version = ${key.indexVersion} AND kind = ${key.kind} AND fingerprint = ${key.fingerprint}`;
    return row ? toModel(key, row) : undefined;
  }

  /** The newest model of this kind and fingerprint built for an older index version: what a rebuild may start from. */
  async findPrevious(key: ModelKey): Promise<StoredModel | undefined> {
    const [row] = await this.database.prisma.$queryRaw<ModelRow[]>`
      SELECT index_version, fingerprint, encode(data, 'base64') AS data, built_by, build_ms FROM knowledge_model
      WHERE kind = ${key.kind} AND fingerprint = ${key.fingerprint} AND index_version < ${key.indexVersion}
      ORDER BY index_version DESC LIMIT 1`;
    return row ? toModel(key, row) : undefined;
  }

  /** The newest older index version a model of this kind and fingerprint is stored for (without reading the model). */
  async previousVersion(key: ModelKey): Promise<number | undefined> {
    const row = await this.database.prisma.knowledgeModel.findFirst({
      where: { kind: key.kind, fingerprint: key.fingerprint, indexVersion: { lt: key.indexVersion } },
      orderBy: { indexVersion: 'desc' },
      select: { indexVersion: true },
    });
    return row?.indexVersion;
  }

  /** Stores a model unless one is stored for the key already (the first one built is the one every instance loads). */
  async save(model: StoredModel): Promise<void> {
    const data = Buffer.from(model.data.buffer, model.data.byteOffset, model.data.byteLength).toString('base64');
    await this.database.prisma.$executeRaw`
      INSERT INTO knowledge_model (index_version, kind, fingerprint, data, built_by, build_ms)
      VALUES (${model.indexVersion}, ${model.kind}, ${model.fingerprint}, decode(${data}, 'base64'), ${model.builtBy}, ${model.buildMs})
      ON CONFLICT DO NOTHING`;
  }

  /** Removes the models of this kind built for index versions older than `indexVersion` (instances have moved past them). */
  async deleteOlderThan(kind: ModelKind, indexVersion: number): Promise<number> {
    return (await this.database.prisma.knowledgeModel.deleteMany({ where: { kind, indexVersion: { lt: indexVersion } } })).count;
  }
}

function toModel(key: ModelKey, row: ModelRow): StoredModel {
  return { kind: key.kind, indexVersion: row.index_version, fingerprint: row.fingerprint, data: Buffer.from(row.data, 'base64'), builtBy: row.built_by, buildMs: row.build_ms };
}
