-- Two more roles: content staff (knowledge pages only) and supervisors (analytics, every conversation read-only).
ALTER TABLE agent DROP CONSTRAINT IF EXISTS agent_role_check;
ALTER TABLE agent ADD CONSTRAINT agent_role_check CHECK (role IN ('agent', 'admin', 'content', 'supervisor'));
