#!/usr/bin/env bash
# The main job (npm start): install what is missing, start the local stack, build, and run every
# role in one process. Prints where the API listens and two curl commands to try it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/ops/node-runtime.sh"
source "$ROOT/ops/node-deps.sh"
ensure_node_runtime "$ROOT"
# The local stack's published credentials are the defaults; only development accepts them (the
# process defaults to production, which refuses them).
export NODE_ENV=development
ensure_node_deps "$ROOT"
bash "$ROOT/ops/stack.sh" up
(cd "$ROOT" && npm run --silent build)

port="${HTTP_PORT:-8080}"
ops="http://127.0.0.1:${OPS_PORT:-8081}"
secret="${TELEGRAM_WEBHOOK_SECRET:-local-webhook-secret}"
base="http://127.0.0.1:$port"
print_try_it() {
  for _ in $(seq 1 120); do
    curl -fsS "$ops/readyz" >/dev/null 2>&1 && break
    sleep 1
  done
  local now; now="$(date +%s)"
  # Replay the bundled sample (three channels, two groups, two hours) so metrics show at once.
  (cd "$ROOT" && node dist/connectors/replay/replay.js "$base") || true
  cat >&2 <<MSG

  social-analytics is running: API at $base  (operations: $ops/readyz, $ops/metrics)

  Sign in as the demo account the replay created (Free plan; tracks a sample channel with four weeks of
  member counts, a group it connected, and an X account):
    TOKEN=\$(curl -s -X POST $base/v1/auth/login -H 'Content-Type: application/json' -d '{"email":"demo@social-analytics.local","password":"demo-password-local-only"}' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')

  Read a sample channel's posts per day (the last two hours were replayed at start):
    curl -H "Authorization: Bearer \$TOKEN" '$base/v1/channels/telegram:-1001000000101/metrics?granularity=day'

  Its most-reacted posts, and its top hashtags (docs/api.md has search, hour-of-week, audience, CSV):
    curl -H "Authorization: Bearer \$TOKEN" '$base/v1/channels/telegram:-1001000000101/posts/top?limit=3'
    curl -H "Authorization: Bearer \$TOKEN" '$base/v1/channels/telegram:-1001000000101/terms?kind=hashtag'

  Its growth forecast (30 days ahead, 80% interval), and its members per day (one day is flagged "anomaly"):
    curl -H "Authorization: Bearer \$TOKEN" '$base/v1/channels/telegram:-1001000000101/audience/forecast'
    curl -H "Authorization: Bearer \$TOKEN" '$base/v1/channels/telegram:-1001000000101/audience?granularity=day&from=$(date -u -d '-14 days' +%Y-%m-%dT00:00:00Z)'

  The group's active members, joins and leaves per day, who wrote most, and whom others replied to most:
    curl -H "Authorization: Bearer \$TOKEN" '$base/v1/channels/telegram:-1001000000201/group/activity'
    curl -H "Authorization: Bearer \$TOKEN" '$base/v1/channels/telegram:-1001000000201/group/members/top'
    curl -H "Authorization: Bearer \$TOKEN" '$base/v1/channels/telegram:-1001000000201/group/members/top?by=replies_received'

  Post one more channel post as Telegram would, then read again (it counts within seconds):
    curl -X POST $base/api/social/telegram/webhook -H 'Content-Type: application/json' -H 'X-Telegram-Bot-Api-Secret-Token: $secret' -d '{"update_id":$now,"channel_post":{"message_id":$now,"date":$now,"chat":{"id":-1001000000101,"type":"channel","title":"Product News"},"text":"Hello #analytics"}}'

  Every route, with its schemas: $base/openapi.json   (docs/api.md walks through sign-up to metrics)

  Stop with Ctrl-C; the stack keeps running (npm run stack -- down stops it).

  Dashboard: $base/
  Sign in as demo@social-analytics.local, password demo-password-local-only

MSG
}
print_try_it &
cd "$ROOT"
exec node dist/app/main.js
