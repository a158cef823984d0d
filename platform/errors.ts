/**
 * The one error hierarchy. Every failure the product reports carries a stable `code` (documented
 * in docs/errors.md), whether retrying may help, and the HTTP status the API answers with.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: { status: 500, retriable: false },
  BAD_REQUEST: { status: 400, retriable: false },
  INVALID_JSON: { status: 400, retriable: false },
  VALIDATION_FAILED: { status: 400, retriable: false },
  PAYLOAD_TOO_LARGE: { status: 413, retriable: false },
  UNAUTHORIZED: { status: 401, retriable: false },
  INVALID_CREDENTIALS: { status: 401, retriable: false },
  TOKEN_INVALID: { status: 401, retriable: false },
  TOKEN_EXPIRED: { status: 401, retriable: false },
  REFRESH_TOKEN_REUSED: { status: 401, retriable: false },
  FORBIDDEN: { status: 403, retriable: false },
  CSRF_TOKEN_INVALID: { status: 403, retriable: false },
  CHAT_NOT_CONNECTED: { status: 403, retriable: false },
  PLAN_UPGRADE_REQUIRED: { status: 402, retriable: false },
  CONFLICT: { status: 409, retriable: false },
  RATE_LIMITED: { status: 429, retriable: true },
  NOT_FOUND: { status: 404, retriable: false },
  POST_NOT_FOUND: { status: 404, retriable: false },
  METHOD_NOT_ALLOWED: { status: 405, retriable: false },
  OIDC_NOT_CONFIGURED: { status: 404, retriable: false },
  OIDC_STATE_INVALID: { status: 400, retriable: false },
  OIDC_SIGN_IN_FAILED: { status: 401, retriable: false },
  OIDC_EMAIL_NOT_VERIFIED: { status: 403, retriable: false },
  OIDC_PROVIDER_UNAVAILABLE: { status: 503, retriable: true },
  OIDC_RETURN_TO_INVALID: { status: 400, retriable: false },
  MAIL_UNAVAILABLE: { status: 503, retriable: true },
  NOT_A_TELEGRAM_UPDATE: { status: 422, retriable: false },
  STRIPE_SIGNATURE_INVALID: { status: 400, retriable: false },
  STRIPE_TIMESTAMP_IN_FUTURE: { status: 400, retriable: false },
  STRIPE_EVENT_INVALID: { status: 422, retriable: false },
  TELEGRAM_REQUEST_REFUSED: { status: 502, retriable: false },
  TELEGRAM_UNAVAILABLE: { status: 503, retriable: true },
  X_REQUEST_REFUSED: { status: 502, retriable: false },
  X_UNAVAILABLE: { status: 503, retriable: true },
  KAFKA_UNAVAILABLE: { status: 503, retriable: true },
  REGISTRY_UNAVAILABLE: { status: 503, retriable: true },
  SCHEMA_INCOMPATIBLE: { status: 500, retriable: false },
  SERDE_UNKNOWN_SCHEMA: { status: 500, retriable: false },
  SERDE_CORRUPT_RECORD: { status: 500, retriable: false },
  CLICKHOUSE_UNAVAILABLE: { status: 503, retriable: true },
  STORAGE_UNAVAILABLE: { status: 503, retriable: true },
  LAKE_UNAVAILABLE: { status: 503, retriable: true },
  BACKUP_FAILED: { status: 500, retriable: false },
  TIMEOUT: { status: 503, retriable: true },
  INTERNAL: { status: 500, retriable: false },
} as const satisfies Record<string, { status: number; retriable: boolean }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface AppErrorOptions {
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retriable: boolean;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.retriable = ERROR_CODES[code].retriable;
    this.details = options.details;
  }
}

/** Wraps anything thrown into an AppError, keeping AppErrors as they are. */
export function toAppError(error: unknown, fallback: ErrorCode = 'INTERNAL'): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(fallback, message, { cause: error });
}
