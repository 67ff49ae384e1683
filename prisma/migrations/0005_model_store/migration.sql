-- The models an index version needs (the intent classifier, the calibrated confidence model), built once by one
-- instance and loaded by every other, so that every instance answers the same question with the same confidence and
-- a restart with an unchanged index builds nothing.

CREATE TABLE knowledge_model (
  index_version INTEGER NOT NULL,
  kind TEXT NOT NULL,
  -- the text pipeline and model format it was built with: an upgraded instance builds its own beside the old one's
  fingerprint TEXT NOT NULL,
  data BYTEA NOT NULL,
  built_by TEXT NOT NULL,
  build_ms INTEGER NOT NULL,
  created_at TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (index_version, kind, fingerprint)
);
