import express, { type Request, type RequestHandler, type Router } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { AppError, toAppError } from '../../platform/errors';
import { TOPICS } from '../../schemas/topics';
import type { IntakeDeps } from '../intake';
import { toUpdateRecord } from './update-record';
import { updateKey } from '../../schemas/records/telegram-update';

export const TELEGRAM_WEBHOOK_PATH = '/api/social/telegram/webhook';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export interface TelegramWebhookDeps extends IntakeDeps {
  secret: string;
}

/**
 * Telegram's webhook. Store first, then answer: 200 only once Kafka has acknowledged the update
 * (or, for a body that is JSON but no Update, its dead letter), and 503 when storing fails, so
 * Telegram retries. Telegram waits up to 60 s and retries any non-2xx; a redelivered update keeps
 * its update_id and key, and downstream deduplication makes it count once.
 *
 * This is deliberately not telegraf's webhookCallback: that answers 403 on a wrong secret, 415 on
 * malformed JSON and 200 even when a handler throws or times out, which would lose updates.
 */
export function telegramWebhookRouter(deps: TelegramWebhookDeps): Router {
  const router = express.Router();
  router.post(
    TELEGRAM_WEBHOOK_PATH,
    requireSecret(deps),
    express.raw({ type: () => true, limit: '2mb' }),
    handler(deps),
  );
  return router;
}

/**
 * The secret is in a header, so a stranger is answered 401 before a byte of the body is read or
 * buffered (up to 2 MB each otherwise), and the connection closes after the answer instead of
 * waiting for the rest of a body nobody will read.
 */
function requireSecret(deps: TelegramWebhookDeps): RequestHandler {
  return (req, res, next) => {
    if (secretMatches(req.header(SECRET_HEADER), deps.secret)) return next();
    deps.metrics.webhookRequests.inc({ source: 'telegram', outcome: 'unauthorized' });
    res.setHeader('connection', 'close');
    next(new AppError('UNAUTHORIZED', 'missing or wrong X-Telegram-Bot-Api-Secret-Token'));
  };
}

function handler(deps: TelegramWebhookDeps): RequestHandler {
  const count = (outcome: string) => deps.metrics.webhookRequests.inc({ source: 'telegram', outcome });
  return async (req, res, next) => {
    try {
      const raw = bodyOf(req);
      const outcome = await store(deps, raw);
      count(outcome);
      res.status(200).end();
    } catch (error) {
      const appError = toAppError(error);
      count(outcomeOf(appError));
      if (appError.status >= 500)
        deps.logger.warn({ code: appError.code, err: appError.message }, 'update not stored');
      next(appError);
    }
  };
}

async function store(deps: TelegramWebhookDeps, raw: Buffer): Promise<'stored' | 'dead_lettered'> {
  const text = raw.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_JSON', 'the request body is not valid JSON');
  }
  const receivedAt = new Date();
  let record;
  try {
    record = toUpdateRecord(json, text, receivedAt);
  } catch (error) {
    await deps.deadLetters.write({ topic: TOPICS.telegramUpdates }, raw, toAppError(error));
    return 'dead_lettered';
  }
  const value = await deps.serde.encode(TOPICS.telegramUpdates, record);
  await deps.producer.send(deps.topics.of(TOPICS.telegramUpdates), [
    { key: updateKey(record), value, headers: { 'telegram.update_id': String(record.update_id) } },
  ]);
  return 'stored';
}

function bodyOf(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

function secretMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function outcomeOf(error: AppError): string {
  return error.status < 500 ? 'bad_request' : 'unavailable';
}
