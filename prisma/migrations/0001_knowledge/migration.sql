-- pgvector first: everything below depends on it. A server without the extension fails here, and the
-- migrator turns that failure into a start-up error that says how to install it.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE knowledge_file (
  path         TEXT PRIMARY KEY,
  kind         TEXT NOT NULL,
  content_hash TEXT,
  failed_hash  TEXT,
  errors       JSONB NOT NULL DEFAULT '[]',
  title        TEXT,
  entry_count  INTEGER NOT NULL DEFAULT 0,
  indexed_at   TIMESTAMPTZ(3),
  checked_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

CREATE TABLE knowledge_entry (
  id           TEXT PRIMARY KEY,
  file_path    TEXT NOT NULL REFERENCES knowledge_file(path) ON DELETE CASCADE,
  kind         TEXT NOT NULL,
  title        TEXT NOT NULL,
  heading_path TEXT[] NOT NULL DEFAULT '{}',
  position     INTEGER NOT NULL,
  lang         TEXT,
  content      JSONB NOT NULL,
  tags         TEXT[] NOT NULL DEFAULT '{}',
  handoff      BOOLEAN NOT NULL DEFAULT false,
  meta         JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX knowledge_entry_file_path_idx ON knowledge_entry (file_path);

-- The vector column has no fixed dimension so that a change of embedding model needs no migration;
-- each embedding space gets its own partial HNSW index on (embedding::vector(N)), created by the indexer.
CREATE TABLE knowledge_phrase (
  id        BIGSERIAL PRIMARY KEY,
  entry_id  TEXT NOT NULL REFERENCES knowledge_entry(id) ON DELETE CASCADE,
  role      TEXT NOT NULL,
  text      TEXT NOT NULL,
  tokens    TEXT NOT NULL,
  space     TEXT,
  embedding vector
);
CREATE INDEX knowledge_phrase_entry_id_idx ON knowledge_phrase (entry_id);

CREATE TABLE index_state (
  id              INTEGER PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  embedding_space TEXT,
  version         INTEGER NOT NULL DEFAULT 0,
  settings        JSONB NOT NULL DEFAULT '{}',
  last_run        JSONB,
  updated_at      TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
INSERT INTO index_state (id) VALUES (1);

-- Leases serialize work that must run on one instance at a time (indexing). A row, not an advisory lock, so it
-- works the same through any pooler or proxy and survives a crashed holder by expiring.
CREATE TABLE kefu_lease (
  name       TEXT PRIMARY KEY,
  owner      TEXT NOT NULL,
  expires_at TIMESTAMPTZ(3) NOT NULL
);
