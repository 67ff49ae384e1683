import { messages } from '@electric-sql/pglite';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ThreadedPGlite } from './threaded-pglite';

describe('ThreadedPGlite (PGlite with pgvector on a worker thread)', () => {
  let db: ThreadedPGlite;

  beforeAll(async () => {
    db = await ThreadedPGlite.create('memory://');
    await db.exec('CREATE EXTENSION IF NOT EXISTS vector; CREATE TABLE item (id int PRIMARY KEY, name text, embedding vector(3), created timestamptz DEFAULT now())');
  });

  afterAll(() => db.close());

  beforeEach(() => db.exec('DELETE FROM item'));

  it('runs parameterised queries and returns rows as objects or arrays, with pgvector working', async () => {
    await db.query('INSERT INTO item (id, name, embedding) VALUES ($1, $2, $3), ($4, $5, $6)', [1, 'near', '[1,0,0]', 2, 'far', '[0,1,0]']);
    const nearest = await db.query<{ name: string }>('SELECT name FROM item ORDER BY embedding <=> $1 LIMIT 1', ['[0.9,0.1,0]']);
    expect(nearest.rows).toEqual([{ name: 'near' }]);
    const asArrays = await db.query('SELECT id, name FROM item ORDER BY id', [], { rowMode: 'array' });
    expect(asArrays.rows).toEqual([
      [1, 'near'],
      [2, 'far'],
    ]);
    expect(asArrays.fields.map((field) => field.name)).toEqual(['id', 'name']);
  });

  it('hands columns with a caller parser over as PostgreSQL text and applies the parser here', async () => {
    await db.query("INSERT INTO item (id, name, created) VALUES (1, 'a', '2026-11-23T10:00:00Z')");
    const TIMESTAMPTZ = 1184;
    const result = await db.query<{ created: string }>('SELECT created FROM item', [], { parsers: { [TIMESTAMPTZ]: (text) => `parsed:${text}` } });
    expect(result.rows[0].created).toBe('parsed:2026-11-23 10:00:00+00');
    // without a parser PGlite's own applies in the worker
    expect((await db.query<{ created: Date }>('SELECT created FROM item')).rows[0].created).toEqual(new Date('2026-11-23T10:00:00Z'));
  });

  it('commits a transaction that succeeds and rolls back one that throws', async () => {
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO item (id, name) VALUES (1, 'kept')");
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO item (id, name) VALUES (2, 'dropped')");
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO item (id, name) VALUES (3, 'rolled back')");
      await tx.rollback();
      expect(tx.closed).toBe(true);
    });
    expect((await db.query<{ name: string }>('SELECT name FROM item ORDER BY id')).rows).toEqual([{ name: 'kept' }]);
  });

  it('makes other queries wait until an open transaction ends, as PGlite in process does', async () => {
    let outsideSaw: number | undefined;
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO item (id, name) VALUES (1, 'inside')");
      const outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM item').then((result) => (outsideSaw = result.rows[0].n));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(outsideSaw).toBeUndefined();
      await tx.query("INSERT INTO item (id, name) VALUES (2, 'inside too')");
      void outside;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outsideSaw).toBe(2);
  });

  it('passes PostgreSQL errors through as PGlite DatabaseErrors with their SQLSTATE', async () => {
    await db.query("INSERT INTO item (id, name) VALUES (1, 'a')");
    const error = await db.query("INSERT INTO item (id, name) VALUES (1, 'again')").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(messages.DatabaseError);
    expect(error).toMatchObject({ code: '23505', message: expect.stringContaining('duplicate key') });
    // the connection is still usable afterwards
    expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('reports why PostgreSQL could not start', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kefu-not-a-dir-')), 'file');
    writeFileSync(file, 'not a data directory');
    await expect(ThreadedPGlite.create(file)).rejects.toThrow(/file system error/);
  });

  it('fails clearly after it was closed', async () => {
    const other = await ThreadedPGlite.create('memory://');
    await other.close();
    await expect(other.query('SELECT 1')).rejects.toThrow(/exited/);
  });
});
