-- Private Telegram chats belong to the organization that connected them (issue 16, finding 6).

-- What the bot has seen of each chat, written by the content processor before the chat's content
-- is readable, and which organization connected it (proved control by posting a connect code in it).
CREATE TABLE telegram_chats (
    chat_id         text PRIMARY KEY,
    chat_type       text,
    -- The chat's public username; null for chats without one and for private chats with a user
    -- (whose username is the user's and makes nothing public).
    username        text,
    connected_by    uuid REFERENCES organizations (id) ON DELETE SET NULL,
    connected_at    timestamptz,
    -- Event time of the update that set chat_type and username: a replayed older update cannot
    -- undo a newer one.
    seen_at         timestamptz NOT NULL
);

-- One-time codes an organization posts in a chat (`/start <code>`) to connect it. Only a hash is
-- kept: a code read from the database cannot connect anything.
CREATE TABLE telegram_connect_codes (
    code_hash       bytea PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    used_in_chat    text,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX telegram_connect_codes_expiry ON telegram_connect_codes (expires_at);

-- Channel ids are canonical now (no leading zeros): rewrite the old spellings, dropping those whose
-- canonical twin is tracked already, and those that name no chat at all (only zeros).
DELETE FROM tracked_channels WHERE channel_id ~ '^-?0+$';
DELETE FROM tracked_channels t
 WHERE t.channel_id ~ '^-?0[0-9]'
   AND EXISTS (
       SELECT 1 FROM tracked_channels c
        WHERE c.organization_id = t.organization_id AND c.source = t.source
          AND c.channel_id = regexp_replace(t.channel_id, '^(-?)0+', '\1'));
UPDATE tracked_channels SET channel_id = regexp_replace(channel_id, '^(-?)0+', '\1')
 WHERE channel_id ~ '^-?0[0-9]';
