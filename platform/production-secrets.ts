/**
 * What a production process must not run with: the credentials published in this repository
 * (`.env.example`, `ops/stack.env`, the defaults in `config.ts`) and secrets too short to resist
 * guessing. Anyone who has read the repository knows the defaults, so a production process that
 * starts with one is open: an event signed with `whsec_local` would be taken as Stripe's.
 */

/** The values `config.ts` reads, after parsing, that these rules look at. */
export interface SecretSettings {
  JWT_SIGNING_KEYS: string[];
  TELEGRAM_BOT_TOKEN: string;
  TELEGRAM_WEBHOOK_SECRET: string;
  STRIPE_SECRET_KEY: string;
  STRIPE_API_URL: string;
  STRIPE_WEBHOOK_SECRET: string;
  S3_ACCESS_KEY_ID: string;
  S3_SECRET_ACCESS_KEY: string;
  DATABASE_URL: string;
  CLICKHOUSE_URL?: string;
  CLICKHOUSE_PASSWORD: string;
}

/** The local stack's published values (defaults in config.ts and .env.example, ops/stack.env). */
export const PUBLISHED = {
  JWT_SIGNING_KEYS: 'local-1:local-development-signing-key-not-for-production',
  TELEGRAM_BOT_TOKEN: '000000:local-development-token',
  TELEGRAM_WEBHOOK_SECRET: 'local-webhook-secret',
  STRIPE_SECRET_KEY: 'sk_test_123',
  STRIPE_API_URL: 'http://127.0.0.1:12111',
  STRIPE_WEBHOOK_SECRET: 'whsec_local',
  S3_ACCESS_KEY_ID: 'social-analytics',
  S3_SECRET_ACCESS_KEY: 'social-analytics-secret',
  DATABASE_PASSWORD: 'social',
} as const;

/**
 * Shortest accepted length of each shared secret. Stripe's own are longer (whsec_ and 32
 * characters; API keys over 100); 32 random characters are out of reach of guessing; AWS secret
 * keys are 40 characters, MinIO accepts 8, so 16 keeps real ones and refuses toy ones.
 */
export const MIN_LENGTH = {
  TELEGRAM_WEBHOOK_SECRET: 32,
  STRIPE_WEBHOOK_SECRET: 32,
  STRIPE_SECRET_KEY: 32,
  S3_SECRET_ACCESS_KEY: 16,
} as const;

const PUBLISHED_DEFAULT = 'the published local default is refused in production';

/**
 * Every problem with the secrets of a production configuration, one `VARIABLE: reason` each,
 * never a value (the message goes to logs). Empty when there is none.
 */
export function productionSecretProblems(s: SecretSettings): string[] {
  const problems: string[] = [];
  const refuse = (variable: string, reason: string) => problems.push(`${variable}: ${reason}`);
  /** Refuses the variable when it holds its published value; says whether it did. */
  const published = (variable: keyof typeof PUBLISHED & keyof SecretSettings): boolean => {
    if (s[variable] !== PUBLISHED[variable]) return false;
    refuse(variable, PUBLISHED_DEFAULT);
    return true;
  };
  const short = (variable: keyof typeof MIN_LENGTH): void => {
    if (s[variable].length < MIN_LENGTH[variable])
      refuse(variable, `shorter than ${MIN_LENGTH[variable]} characters`);
  };

  if (
    s.JWT_SIGNING_KEYS.some((key) => key === PUBLISHED.JWT_SIGNING_KEYS || key.includes('not-for-production'))
  )
    refuse('JWT_SIGNING_KEYS', PUBLISHED_DEFAULT);
  if (!published('TELEGRAM_BOT_TOKEN') && !/^\d+:[A-Za-z0-9_-]{30,}$/.test(s.TELEGRAM_BOT_TOKEN))
    refuse('TELEGRAM_BOT_TOKEN', 'not a Bot API token (<bot id>:<35 characters>)');
  for (const variable of ['TELEGRAM_WEBHOOK_SECRET', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_SECRET_KEY'] as const)
    if (!published(variable)) short(variable);
  if (!published('STRIPE_API_URL') && !s.STRIPE_API_URL.startsWith('https://'))
    refuse('STRIPE_API_URL', 'must be https (the secret key travels with every call)');
  published('S3_ACCESS_KEY_ID');
  if (!published('S3_SECRET_ACCESS_KEY')) short('S3_SECRET_ACCESS_KEY');
  if (passwordOf(s.DATABASE_URL) === PUBLISHED.DATABASE_PASSWORD)
    refuse('DATABASE_URL', 'the published local password is refused in production');
  if (s.CLICKHOUSE_URL !== undefined && s.CLICKHOUSE_PASSWORD === '')
    refuse(
      'CLICKHOUSE_PASSWORD',
      "empty (ClickHouse's default user without a password) with CLICKHOUSE_URL set",
    );
  return problems;
}

function passwordOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return undefined; // not a URL (a libpq keyword string): nothing published to compare
  }
}
