/**
 * Every variable whose published default (.env.example, ops/stack.env, config.ts) a production
 * process refuses. Written out here, not read from `platform/production-secrets.ts`, so the tests
 * that use it say independently what must be refused.
 */
export const DEFAULTED_SECRET_VARIABLES: readonly string[] = [
  'JWT_SIGNING_KEYS',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'STRIPE_SECRET_KEY',
  'STRIPE_API_URL',
  'STRIPE_WEBHOOK_SECRET',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'DATABASE_URL',
];
