import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, toAppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';

/** The one error envelope: `{ error: { code, message, details? } }`; no stack traces or SQL leak. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = fromExpress(error);
    if (appError.status >= 500) {
      logger.error({ err: error, code: appError.code, path: req.path }, 'request failed');
    }
    const retryAfter = appError.details?.retry_after_seconds;
    if (appError.retriable)
      res.setHeader('Retry-After', String(typeof retryAfter === 'number' ? retryAfter : 5));
    const exposed = appError.status >= 500 && !appError.retriable ? 'internal error' : appError.message;
    res.status(appError.status).json({
      error: {
        code: appError.code,
        message: exposed,
        ...(appError.details ? { details: appError.details } : {}),
      },
    });
  };
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', `no route for ${req.method} ${req.path}`));
};

/**
 * Body-parser errors carry a `type`; a malformed JSON body is the caller's fault, not ours. A body
 * over the route's limit is 413 with the limit, so a sender knows to send less, not to fix it.
 */
function fromExpress(error: unknown): AppError {
  const { type, limit } = (error ?? {}) as { type?: unknown; limit?: unknown };
  if (type === 'entity.parse.failed')
    return new AppError('INVALID_JSON', 'the request body is not valid JSON');
  if (type === 'entity.too.large' && typeof limit === 'number') {
    return new AppError('PAYLOAD_TOO_LARGE', `the request body is larger than ${limit} bytes`, {
      details: { limit_bytes: limit },
    });
  }
  return toAppError(error);
}
