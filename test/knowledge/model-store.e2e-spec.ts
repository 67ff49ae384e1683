import { LeaseRepository } from '../../src/database/lease.repository';
import { KnowledgeModelRepository } from '../../src/retrieval/models/knowledge-model.repository';
import { ModelStore } from '../../src/retrieval/models/model-store.service';
import { KnowledgeContext, startKnowledgeContext } from '../support/knowledge-context';
import { testConfig } from '../support/test-config';

/** The build-once store on the embedded database: what it keeps, and a builder that stops renewing its lease. */
describe('ModelStore', () => {
  let kb: KnowledgeContext;
  let store: ModelStore;
  const key = (indexVersion: number) => ({ kind: 'classifier' as const, indexVersion, fingerprint: 'test-pipeline' });

  beforeAll(async () => {
    kb = await startKnowledgeContext(testConfig());
    store = kb.app.get(ModelStore);
  });

  afterAll(() => kb?.close());

  it('builds a version once, returns the stored model after, and keeps only the version before as a warm start', async () => {
    const builds: number[] = [];
    const build = (version: number) => async () => {
      builds.push(version);
      return { version, weights: new Float32Array([version, 0.5]), labels: new Map([['a', version]]) };
    };
    const first = await store.obtain({ ...key(1), build: build(1) });
    const again = await store.obtain({ ...key(1), build: build(1) });
    expect(builds).toEqual([1]);
    // Maps and typed arrays come back exactly
    expect(again).toEqual(first);
    expect(again.weights.constructor.name).toBe('Float32Array'); // deserialised in Node's realm, not the test's

    let previous: unknown;
    await store.obtain({ ...key(2), build: async (before) => ((previous = await before()), build(2)()) });
    expect(previous).toEqual(first);
    await store.obtain({ ...key(3), build: build(3) });
    await store.whenStored();
    const stored = await kb.database.prisma.knowledgeModel.findMany({ where: { kind: 'classifier' }, select: { indexVersion: true }, orderBy: { indexVersion: 'asc' } });
    expect(stored.map((row) => row.indexVersion)).toEqual([2, 3]);
  });

  it('returns a model before it is stored, and another instance waits for it to be stored instead of building it', async () => {
    const other = new ModelStore('other-instance', kb.app.get(KnowledgeModelRepository), kb.app.get(LeaseRepository));
    const builtBy: string[] = [];
    const build = (by: string) => async () => (builtBy.push(by), { by, weights: new Float32Array(200_000).fill(1) });
    const model = await store.obtain({ ...key(30), build: build('this') });
    const stored = await kb.database.prisma.knowledgeModel.count({ where: { indexVersion: 30 } });
    // asked again in the same process while it is stored: the same object, not a second build
    expect(await store.obtain({ ...key(30), build: build('again') })).toBe(model);
    const fromOther = await other.obtain({ ...key(30), build: build('other') });
    await store.whenStored();
    expect(stored).toBe(0); // served before it was stored
    expect(builtBy).toEqual(['this']);
    expect(fromOther).toEqual(model);
  });

  it('holds stores back while a version is being loaded, and warm-starts from a model still being stored', async () => {
    const count = (indexVersion: number) => kb.database.prisma.knowledgeModel.count({ where: { indexVersion } });
    let storedWhileLoading = -1;
    let previous: unknown;
    const first = await store.deferStores(async () => {
      const model = await store.obtain({ ...key(40), build: async () => ({ version: 40 }) });
      await store.obtain({ ...key(41), build: async (before) => ((previous = await before()), { version: 41 }) });
      await new Promise((resolve) => setTimeout(resolve, 300));
      storedWhileLoading = await count(40);
      return model;
    });
    expect(storedWhileLoading).toBe(0);
    expect(previous).toBe(first); // from memory: nothing inside the deferral waits for a store
    await store.whenStored();
    expect(await count(40)).toBe(1);
    expect(await count(41)).toBe(1);
  });

  it('takes over the build of an instance that stopped renewing its lease', async () => {
    // another instance took the build lease and died: its lease runs out a moment later
    const leases = kb.app.get(LeaseRepository);
    const lease = `model:classifier:10:test-pipeline`;
    expect(await leases.tryAcquire(lease, 'crashed-instance', 600)).toBe(true);
    let built = 0;
    const model = await store.obtain({
      ...key(10),
      build: async () => {
        built++;
        return { built: 'here' };
      },
    });
    expect(model).toEqual({ built: 'here' });
    expect(built).toBe(1);
    await store.whenStored();
    expect(await leases.holder(lease)).toBeUndefined(); // released once stored
  });

  it('builds its own, unstored, when it cannot read the stored model (written by a newer Node)', async () => {
    const unreadable = Buffer.from('written by a format this process does not know');
    await kb.app.get(KnowledgeModelRepository).save({ ...key(20), data: unreadable, builtBy: 'newer-instance', buildMs: 1 });
    const model = await store.obtain({ ...key(20), build: async () => ({ built: 'here' }) });
    expect(model).toEqual({ built: 'here' });
    const [row] = await kb.database.prisma.knowledgeModel.findMany({ where: { indexVersion: 20 } });
    expect(row).toMatchObject({ builtBy: 'newer-instance' });
  });
});
