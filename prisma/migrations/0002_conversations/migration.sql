-- Live chat: agents, conversations with their messages and every state change, notes, left messages, FAQ suggestions.

CREATE TABLE agent (
  id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  email         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL DEFAULT 'agent' CHECK (role IN ('agent', 'admin')),
  skills        TEXT[] NOT NULL DEFAULT '{}',
  max_chats     INTEGER NOT NULL DEFAULT 5 CHECK (max_chats BETWEEN 1 AND 50),
  disabled      BOOLEAN NOT NULL DEFAULT false,
  presence      TEXT NOT NULL DEFAULT 'offline' CHECK (presence IN ('online', 'away', 'offline')),
  presence_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  created_at    TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

CREATE TABLE conversation (
  id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash        TEXT NOT NULL,
  state             TEXT NOT NULL DEFAULT 'bot' CHECK (state IN ('bot', 'waiting', 'assigned', 'closed')),
  lang              TEXT,
  last_seq          INTEGER NOT NULL DEFAULT 0,
  agent_id          UUID REFERENCES agent(id),
  skill_group       TEXT,
  priority          INTEGER NOT NULL DEFAULT 0,
  escalation_reason TEXT,
  summary           JSONB,
  waiting_since     TIMESTAMPTZ(3),
  resolution        TEXT,
  csat_score        INTEGER CHECK (csat_score BETWEEN 1 AND 5),
  csat_comment      TEXT,
  created_at        TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  updated_at        TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  closed_at         TIMESTAMPTZ(3)
);
CREATE INDEX conversation_queue_idx ON conversation (state, priority DESC, waiting_since) WHERE state = 'waiting';
CREATE INDEX conversation_agent_idx ON conversation (agent_id) WHERE state = 'assigned';

CREATE TABLE message (
  id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id   UUID NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
  seq               INTEGER NOT NULL,
  role              TEXT NOT NULL CHECK (role IN ('customer', 'bot', 'agent', 'system')),
  text              TEXT NOT NULL,
  client_message_id TEXT,
  agent_id          UUID REFERENCES agent(id),
  details           JSONB NOT NULL DEFAULT '{}',
  feedback          TEXT CHECK (feedback IN ('up', 'down')),
  created_at        TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  UNIQUE (conversation_id, seq),
  UNIQUE (conversation_id, client_message_id)
);

-- every state change, with its reason: the audit trail and the source of escalation analytics
CREATE TABLE conversation_event (
  id              BIGSERIAL PRIMARY KEY,
  conversation_id UUID NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
  from_state      TEXT,
  to_state        TEXT NOT NULL,
  reason          TEXT NOT NULL,
  actor           TEXT,
  details         JSONB NOT NULL DEFAULT '{}',
  created_at      TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX conversation_event_conversation_idx ON conversation_event (conversation_id, id);

-- internal notes: a table of their own, so no query for customer messages can ever return one
CREATE TABLE agent_note (
  id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id UUID NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
  agent_id        UUID NOT NULL REFERENCES agent(id),
  text            TEXT NOT NULL,
  created_at      TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- "leave a message" when nobody is on duty: a ticket for agents
CREATE TABLE ticket (
  id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id UUID REFERENCES conversation(id) ON DELETE SET NULL,
  name            TEXT,
  email           TEXT,
  phone           TEXT,
  text            TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at      TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- an agent's answer proposed as an FAQ entry, for content staff
CREATE TABLE faq_suggestion (
  id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id UUID REFERENCES conversation(id) ON DELETE SET NULL,
  agent_id        UUID REFERENCES agent(id),
  question        TEXT NOT NULL,
  answer          TEXT NOT NULL,
  tags            TEXT[] NOT NULL DEFAULT '{}',
  status          TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'rejected')),
  created_at      TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
