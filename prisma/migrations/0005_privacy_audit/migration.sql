-- Personal data over time: conversations closed longer than RETENTION_DAYS lose their text (purged_at says when),
-- and what admins and agents do with accounts and customers' data is kept in an audit log admins can read.

ALTER TABLE conversation ADD COLUMN purged_at TIMESTAMPTZ(3);
CREATE INDEX conversation_retention_idx ON conversation (closed_at) WHERE purged_at IS NULL AND closed_at IS NOT NULL;

CREATE TABLE audit_entry (
  id         BIGSERIAL PRIMARY KEY,
  at         TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  actor_id   UUID,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  target     TEXT,
  details    JSONB NOT NULL DEFAULT '{}',
  address    TEXT
);
CREATE INDEX audit_entry_at_idx ON audit_entry (at DESC);
