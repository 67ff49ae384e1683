-- Storing a chat message: the next sequence number of its conversation, the message, and the conversation as the
-- statement left it (its language set by the first words when it had none), in one statement; a repeated
-- client_message_id returns the message stored the first time (duplicate = true) and changes nothing.
-- A function rather than the statement itself because PL/pgSQL keeps its statements' plans for the session: the
-- statement runs twice per chat message, and planning it again each time cost more than running it.
CREATE FUNCTION kefu_append_message(
  p_conversation_id UUID, p_client_message_id TEXT, p_lang TEXT, p_role TEXT, p_text TEXT, p_agent_id UUID, p_details JSONB
) RETURNS TABLE (
  id UUID, conversation_id UUID, seq INTEGER, role TEXT, text TEXT, client_message_id TEXT, agent_id UUID, details JSONB,
  feedback TEXT, created_at TIMESTAMPTZ(3), duplicate BOOLEAN, conversation JSONB
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH existing AS (
    SELECT * FROM message WHERE message.conversation_id = p_conversation_id AND message.client_message_id = p_client_message_id
  ), next AS (
    UPDATE conversation SET last_seq = last_seq + 1, updated_at = now(), lang = coalesce(lang, p_lang)
    WHERE conversation.id = p_conversation_id AND NOT EXISTS (SELECT 1 FROM existing)
    RETURNING *
  ), inserted AS (
    INSERT INTO message (conversation_id, seq, role, text, client_message_id, agent_id, details)
    SELECT p_conversation_id, next.last_seq, p_role, p_text, p_client_message_id, p_agent_id, p_details FROM next
    RETURNING *
  )
  SELECT inserted.id, inserted.conversation_id, inserted.seq, inserted.role, inserted.text, inserted.client_message_id, inserted.agent_id,
    inserted.details, inserted.feedback, inserted.created_at, false, to_jsonb(next)
  FROM inserted, next
  UNION ALL
  SELECT existing.id, existing.conversation_id, existing.seq, existing.role, existing.text, existing.client_message_id, existing.agent_id,
    existing.details, existing.feedback, existing.created_at, true, NULL::jsonb
  FROM existing;
END
$$;

-- A state change and the event recording why, for the same reason a function: the row is locked first, so the event's
-- from_state is the state this change replaced; nothing changes (no row comes back) when the state is not one of
-- p_from, or the conversation is no longer held by p_held_by. p_set holds the columns to set, by their record names
-- (a key with a null value sets NULL; an absent key leaves the column alone).
CREATE FUNCTION kefu_transition(
  p_conversation_id UUID, p_to TEXT, p_reason TEXT, p_actor TEXT, p_details JSONB, p_from JSONB, p_held_by TEXT, p_set JSONB
) RETURNS SETOF conversation LANGUAGE plpgsql AS $$
DECLARE
  current_state TEXT;
  current_agent UUID;
  changed conversation;
BEGIN
  SELECT state, agent_id INTO current_state, current_agent FROM conversation WHERE id = p_conversation_id FOR UPDATE;
  IF NOT FOUND
    OR (p_from IS NOT NULL AND NOT p_from @> to_jsonb(current_state))
    OR (p_held_by IS NOT NULL AND current_agent::text IS DISTINCT FROM p_held_by) THEN
    RETURN;
  END IF;
  UPDATE conversation SET
    state = p_to,
    updated_at = now(),
    agent_id = CASE WHEN p_set ? 'agentId' THEN (p_set->>'agentId')::uuid ELSE agent_id END,
    skill_group = CASE WHEN p_set ? 'skillGroup' THEN p_set->>'skillGroup' ELSE skill_group END,
    priority = CASE WHEN p_set ? 'priority' THEN coalesce((p_set->>'priority')::integer, 0) ELSE priority END,
    escalation_reason = CASE WHEN p_set ? 'escalationReason' THEN p_set->>'escalationReason' ELSE escalation_reason END,
    summary = CASE WHEN p_set ? 'summary' THEN nullif(p_set->'summary', 'null'::jsonb) ELSE summary END,
    waiting_since = CASE WHEN p_set ? 'waitingSince' THEN (p_set->>'waitingSince')::timestamptz ELSE waiting_since END,
    resolution = CASE WHEN p_set ? 'resolution' THEN p_set->>'resolution' ELSE resolution END,
    closed_at = CASE WHEN p_set ? 'closedAt' THEN (p_set->>'closedAt')::timestamptz ELSE closed_at END
  WHERE id = p_conversation_id
  RETURNING * INTO changed;
  INSERT INTO conversation_event (conversation_id, from_state, to_state, reason, actor, details)
  VALUES (p_conversation_id, current_state, p_to, p_reason, p_actor, p_details);
  RETURN NEXT changed;
END
$$;
