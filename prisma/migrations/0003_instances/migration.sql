-- Several instances on one database: presence held by expiring leases, the index pass's last error where every instance reads it.

-- One row per (agent, instance holding one of their sockets), refreshed by that instance's heartbeat. An agent
-- with no unexpired lease is away from every instance, whatever agent.presence says.
CREATE TABLE agent_presence_lease (
  agent_id UUID NOT NULL REFERENCES agent (id) ON DELETE CASCADE,
  instance_id TEXT NOT NULL,
  expires_at TIMESTAMPTZ(3) NOT NULL,
  PRIMARY KEY (agent_id, instance_id)
);

ALTER TABLE index_state ADD COLUMN last_error TEXT;
ALTER TABLE index_state ADD COLUMN last_error_at TIMESTAMPTZ(3);
