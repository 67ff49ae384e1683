-- The tickets inbox: an agent claims a left message, answers it by email or marks it handled with a note.

ALTER TABLE ticket DROP CONSTRAINT ticket_status_check;
ALTER TABLE ticket ADD CONSTRAINT ticket_status_check CHECK (status IN ('open', 'claimed', 'answered', 'handled', 'closed'));
ALTER TABLE ticket
  ADD COLUMN agent_id    UUID REFERENCES agent(id),
  ADD COLUMN claimed_at  TIMESTAMPTZ(3),
  ADD COLUMN answered_at TIMESTAMPTZ(3),
  ADD COLUMN reply       TEXT,
  ADD COLUMN note        TEXT;
CREATE INDEX ticket_inbox_idx ON ticket (status, created_at);
