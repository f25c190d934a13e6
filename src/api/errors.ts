import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';
import type { Logger } from '../logger';

export interface FieldProblem {
  field: string;
  message: string;
}

/** What else an error answers: response headers (a 401's challenge) and body members (a 403's permission). */
export interface HttpErrorExtras {
  headers?: Record<string, string>;
  body?: Record<string, unknown>;
}

/** An error with an HTTP status, a stable code and, for bad input, the fields at fault. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly extras: HttpErrorExtras = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  static badRequest(fields: FieldProblem[]): HttpError {
    return new HttpError(400, 'invalid_request', `Invalid ${fields.map((f) => f.field).join(', ')}`, fields);
  }
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(body)',
    message: issue.message,
  }));
}

/** The one mapping from errors to responses: zod → 400, HttpError → its status, the rest → 500 and a log line. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (error instanceof z.ZodError) {
      const fields = fieldProblems(error);
      res
        .status(400)
        .json({ error: 'invalid_request', message: HttpError.badRequest(fields).message, fields });
      return;
    }
    if (error instanceof HttpError) {
      if (error.extras.headers) res.set(error.extras.headers);
      res.status(error.status).json({
        error: error.code,
        message: error.message,
        ...(error.fields.length > 0 ? { fields: error.fields } : {}),
        ...error.extras.body,
      });
      return;
    }
    // body-parser marks malformed JSON with a 4xx status.
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({
        error: 'invalid_request',
        message: 'Request body is not valid JSON',
        fields: [{ field: '(body)', message: 'malformed JSON' }],
      });
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    res.status(500).json({ error: 'internal_error', message: 'Internal error' });
  };
}
