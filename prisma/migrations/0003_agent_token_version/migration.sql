-- Agent tokens carry the account's token version; raising it (password change, "sign out everywhere") revokes
-- every token issued before.
ALTER TABLE agent ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0;
