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
