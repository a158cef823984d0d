-- Authorization that follows changes at once, and API keys that end (issue 16).

-- Every role change or removal takes a new version from one sequence, so versions only grow, even
-- across a removal and a later re-adding. Sessions remember the version they read; a newer one
-- (announced in Redis) makes them read the membership again.
CREATE SEQUENCE membership_role_versions;
ALTER TABLE memberships
    ADD COLUMN role_version bigint NOT NULL DEFAULT nextval('membership_role_versions');

-- An optional end of life, chosen at creation.
ALTER TABLE api_keys ADD COLUMN expires_at timestamptz;
-- Removing a member revokes the keys they created: found by creator.
CREATE INDEX api_keys_creator ON api_keys (organization_id, created_by) WHERE revoked_at IS NULL;

-- Keys whose creator was removed before this migration stop now, as they would have at removal.
UPDATE api_keys k SET revoked_at = now()
 WHERE revoked_at IS NULL AND created_by IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM memberships m
                    WHERE m.organization_id = k.organization_id AND m.user_id = k.created_by);
