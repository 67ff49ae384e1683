import { AnsweringService } from '../../src/answering/answering.service';
import { ConfidenceService } from '../../src/retrieval/confidence/confidence.service';
import { KnowledgeSnapshotService } from '../../src/retrieval/knowledge-snapshot.service';
import { KnowledgeContext, startKnowledgeContext } from '../support/knowledge-context';
import { SAMPLE_KNOWLEDGE, testConfig, TempKnowledgeFolder } from '../support/test-config';

/** Confidence calibration on the sample knowledge, through the same modules as npm start, on real PGlite. */
describe('confidence calibration after the index changes', () => {
  let folder: TempKnowledgeFolder;
  let kb: KnowledgeContext;

  beforeAll(async () => {
    folder = TempKnowledgeFolder.copyOf(SAMPLE_KNOWLEDGE);
    kb = await startKnowledgeContext(testConfig({ KNOWLEDGE_DIR: folder.dir }));
    await kb.indexer.index(); // the lifecycle reloads the snapshot and calibrates before this resolves
  }, 180_000);

  afterAll(async () => {
    await kb?.close();
    folder?.dispose();
  });

  it('scores questions with the previous calibration while the new index calibrates, then with the new one', async () => {
    const snapshots = kb.app.get(KnowledgeSnapshotService);
    const confidence = kb.app.get(ConfidenceService);
    const answering = kb.app.get(AnsweringService);
    const calibratedBefore = confidence.report!;
    expect(calibratedBefore).toMatchObject({ version: (await snapshots.get()).version, calibrated: true });

    folder.write('faq/engraving.faq.yaml', '- id: engraving\n  question: 台灯底座可以免费刻字吗？\n  answer: 可以，下单时在备注里写上要刻的字。\n');
    const indexing = kb.indexer.index();
    while ((await snapshots.get()).version === calibratedBefore.version) await new Promise((resolve) => setTimeout(resolve, 5));

    // the new snapshot is live and its calibration (about a second here, far longer on large folders) is running
    const reply = await answering.answer('退货期限是几天');
    expect(confidence.report).toBe(calibratedBefore);
    expect(reply.confidence).toBeGreaterThan(0);

    await indexing;
    expect(confidence.report).toMatchObject({ version: (await snapshots.get()).version, calibrated: true });
    expect((await answering.answer('台灯底座能刻字吗')).sources[0]?.id).toBe('engraving');
  });

  it('does not let a held-out phrasing cover its own entry, so calibration probes are not answered by themselves', async () => {
    const snapshot = await kb.app.get(KnowledgeSnapshotService).get();
    const phraseIds = [...snapshot.phrases].filter(([, phrase]) => phrase.entryId === 'return-window' && phrase.role === 'similar').map(([id]) => id);
    const texts = await kb.search.phraseTexts(phraseIds);
    const phraseId = phraseIds.find((id) => texts.get(id) === '退货期限是多久')!;
    const coverageOfEntry = async (exclude?: { phraseIds: ReadonlySet<number> }) =>
      (await kb.search.searchWithSignals('退货期限是多久', { limit: 60, kinds: ['faq'], exclude })).hits.find((hit) => hit.entry.id === 'return-window')?.coverage;
    expect(await coverageOfEntry()).toBeCloseTo(1);
    expect(await coverageOfEntry({ phraseIds: new Set([phraseId]) })).toBeLessThan(0.5);
  });
});
