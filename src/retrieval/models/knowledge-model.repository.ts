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

/** The models built for index versions (`knowledge_model`), one row per version, kind and fingerprint. */
@Injectable()
export class KnowledgeModelRepository {
  constructor(private readonly database: DatabaseService) {}

  async find(key: ModelKey): Promise<StoredModel | undefined> {
    const row = await this.database.prisma.knowledgeModel.findUnique({ where: { indexVersion_kind_fingerprint: key } });
    return row ? { kind: key.kind, indexVersion: row.indexVersion, fingerprint: row.fingerprint, data: row.data, builtBy: row.builtBy, buildMs: row.buildMs } : undefined;
  }

  /** The newest model of this kind and fingerprint built for an older index version: what a rebuild may start from. */
  async findPrevious(key: ModelKey): Promise<StoredModel | undefined> {
    const row = await this.database.prisma.knowledgeModel.findFirst({
      where: { kind: key.kind, fingerprint: key.fingerprint, indexVersion: { lt: key.indexVersion } },
      orderBy: { indexVersion: 'desc' },
    });
    return row ? { kind: key.kind, indexVersion: row.indexVersion, fingerprint: row.fingerprint, data: row.data, builtBy: row.builtBy, buildMs: row.buildMs } : undefined;
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
    await this.database.prisma.knowledgeModel.createMany({
      data: [{ indexVersion: model.indexVersion, kind: model.kind, fingerprint: model.fingerprint, data: Buffer.from(model.data), builtBy: model.builtBy, buildMs: model.buildMs }],
      skipDuplicates: true,
    });
  }

  /** Removes the models of this kind built for index versions older than `indexVersion` (instances have moved past them). */
  async deleteOlderThan(kind: ModelKind, indexVersion: number): Promise<number> {
    return (await this.database.prisma.knowledgeModel.deleteMany({ where: { kind, indexVersion: { lt: indexVersion } } })).count;
  }
}
