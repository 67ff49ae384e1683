-- The chat widget: photos customers and agents send (stored in the database, so every instance serves them), and
-- the shop's own id of a signed-in customer (identity verified with WIDGET_IDENTITY_SECRET).

CREATE TABLE attachment (
  id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id UUID NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
  content_type    TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size            INTEGER NOT NULL CHECK (size > 0),
  width           INTEGER,
  height          INTEGER,
  data            BYTEA NOT NULL,
  uploaded_by     TEXT NOT NULL,
  created_at      TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX attachment_conversation_id_idx ON attachment (conversation_id);

ALTER TABLE conversation ADD COLUMN customer_id TEXT;
CREATE INDEX conversation_customer_id_idx ON conversation (customer_id, created_at) WHERE customer_id IS NOT NULL;
