import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { deserialize, serialize } from 'node:v8';
import { INSTANCE_ID } from '../../common/instance-id';
import { LeaseRepository } from '../../database/lease.repository';
import { knowledgeModelBuilds } from '../../metrics/metrics';
import { KnowledgeModelRepository, ModelKey, StoredModel } from './knowledge-model.repository';

/** A builder that stops renewing (crashed, killed) leaves its build to another instance after this. */
const BUILD_LEASE_MS = 30_000;
/** How often an instance waiting for another's build looks for the stored model. */
const WAIT_POLL_MS = 250;

export interface ModelRequest<T> extends ModelKey {
  /** `previous` reads the newest model of this kind stored for an older index version, if any. */
  build: (previous: () => Promise<T | undefined>) => Promise<T>;
}

/**
 * The models of an index version, built once per deployment: the first instance to take the version's build lease
 * builds and stores the model, every other instance (and every restart) loads the stored one. The existing lease
 * table, not a job queue: a build is keyed by its index version and its stored row is its completion record, so
 * what a queue adds (retries, history, scheduling) has nothing to do here, and the lease already works on the
 * embedded database and over the wire, where session advisory locks do not (see LeaseRepository).
 *
 * Stored with v8.serialize: the structured-clone format keeps Maps and typed arrays exactly (the classifier is
 * made of them) and Node documents it as safe to store across versions.
 */
@Injectable()
export class ModelStore implements OnModuleDestroy {
  private readonly logger = new Logger('Models');
  private readonly held = new Set<string>();
  /** models built here and returned already, by lease, while they are being stored for the other instances */
  private readonly storing = new Map<string, { key: ModelKey; model: unknown; stored: Promise<void> }>();
  /** work that stores wait for: serving a new version goes first on the database (see deferStores) */
  private readonly deferrals = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    @Inject(INSTANCE_ID) private readonly instanceId: string,
    private readonly repository: KnowledgeModelRepository,
    private readonly leases: LeaseRepository,
  ) {}

  async obtain<T>(request: ModelRequest<T>): Promise<T> {
    const key: ModelKey = { kind: request.kind, indexVersion: request.indexVersion, fingerprint: request.fingerprint };
    const build = request.build;
    const previous = async () => {
      const pending = this.pendingPrevious(key);
      if (pending) return pending as T;
      const stored = await this.repository.findPrevious(key);
      return stored ? this.decode<T>(stored) : undefined;
    };
    const lease = `model:${key.kind}:${key.indexVersion}:${key.fingerprint}`;
    let waitingFor: string | undefined;
    for (;;) {
      const built = this.storing.get(lease);
      if (built) return built.model as T;
      if (this.stopping) throw new Error(`stopped before the ${key.kind} of index version ${key.indexVersion} was loaded`);
      const stored = await this.repository.find(key);
      if (stored) return this.decode<T>(stored) ?? build(previous);
      if (await this.leases.tryAcquire(lease, this.instanceId, BUILD_LEASE_MS)) {
        // another instance may have stored it between the look and the lease
        const late = await this.repository.find(key);
        if (late) {
          await this.leases.release(lease, this.instanceId);
          return this.decode<T>(late) ?? build(previous);
        }
        return this.buildAndStore(lease, request, previous);
      }
      const holder = await this.leases.holder(lease);
      if (holder && holder !== waitingFor) {
        waitingFor = holder;
        this.logger.log(`Waiting for ${holder} to build the ${key.kind} of index version ${key.indexVersion}`);
      }
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
  }

  /**
   * Builds the model and returns it as soon as it is built: this instance serves it while it is stored for the
   * others (serialising and writing a large folder's classifier takes a while). The lease stays held, and renewed,
   * until the model is stored, so the other instances keep waiting for it instead of building their own.
   */
  private async buildAndStore<T>(lease: string, request: ModelRequest<T>, previous: () => Promise<T | undefined>): Promise<T> {
    const { kind, indexVersion, fingerprint } = request;
    this.held.add(lease);
    const renew = setInterval(() => void this.leases.tryAcquire(lease, this.instanceId, BUILD_LEASE_MS).catch(() => undefined), BUILD_LEASE_MS / 3);
    const done = async () => {
      clearInterval(renew);
      this.held.delete(lease);
      this.storing.delete(lease);
      await this.leases.release(lease, this.instanceId).catch(() => undefined);
    };
    let model: T;
    const started = Date.now();
    try {
      model = await request.build(previous);
    } catch (error) {
      await done();
      throw error;
    }
    const buildMs = Date.now() - started;
    const stored = this.store({ kind, indexVersion, fingerprint }, model, buildMs)
      .catch((error: Error) => this.logger.error(`Storing the ${kind} of index version ${indexVersion} failed (${error.message}); another instance will build it`))
      .finally(done);
    this.storing.set(lease, { key: { kind, indexVersion, fingerprint }, model, stored });
    return model;
  }

  /** The newest model built here for an older version of the key that is still being stored. */
  private pendingPrevious(key: ModelKey): unknown {
    let newest: { key: ModelKey; model: unknown } | undefined;
    for (const pending of this.storing.values()) {
      const { kind, fingerprint, indexVersion } = pending.key;
      if (kind === key.kind && fingerprint === key.fingerprint && indexVersion < key.indexVersion && indexVersion > (newest?.key.indexVersion ?? -Infinity)) newest = pending;
    }
    return newest?.model;
  }

  /**
   * Runs `work` (loading a new index version: its snapshot and calibration) with the stores of models it builds
   * held back until it is done: on the embedded database every query waits behind a large model's write, and this
   * instance can serve the version before the other instances can load it. Other instances wait for the stored
   * model meanwhile (the build lease stays held), and nothing in `work` waits for a store (`previous` returns a model
   * still being stored from memory).
   */
  async deferStores<T>(work: () => Promise<T>): Promise<T> {
    const running = work();
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    this.deferrals.add(settled);
    try {
      return await running;
    } finally {
      this.deferrals.delete(settled);
    }
  }

  private async store(key: ModelKey, model: unknown, buildMs: number): Promise<void> {
    // after the caller has taken the model: serialising is synchronous work it need not wait for
    await new Promise((resolve) => setImmediate(resolve));
    while (this.deferrals.size > 0) await Promise.all(this.deferrals);
    await this.repository.save({ ...key, data: serialize(model), builtBy: this.instanceId, buildMs });
    // the version before this one stays: the next rebuild may start from it
    const kept = await this.repository.previousVersion(key);
    if (kept !== undefined) await this.repository.deleteOlderThan(key.kind, kept);
    knowledgeModelBuilds.inc({ kind: key.kind });
    this.logger.log(`Built the ${key.kind} of index version ${key.indexVersion} in ${buildMs} ms; stored for every instance`);
  }

  /** Resolves once every model built here so far is stored (or failed to be). */
  async whenStored(): Promise<void> {
    await Promise.all([...this.storing.values()].map((pending) => pending.stored));
  }

  /**
   * The stored model, or undefined when this process cannot read it: v8's format reads older Node versions' output,
   * not newer ones', so an instance left on an older Node during an upgrade builds its own (unstored) instead.
   */
  private decode<T>(stored: StoredModel): T | undefined {
    try {
      return deserialize(stored.data) as T;
    } catch (error) {
      this.logger.warn(`Cannot read the stored ${stored.kind} of index version ${stored.indexVersion} (${(error as Error).message}); building one here`);
      return undefined;
    }
  }

  /** Before the database closes: no wait goes on, and a build cut short leaves its lease to another instance now. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.whenStored();
    await Promise.all([...this.held].map((lease) => this.leases.release(lease, this.instanceId).catch(() => undefined)));
  }
}
