import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * The process logger. Log ids (claim id, workflow id, request id), never patient data: request bodies
 * are not logged, and the `redact` list drops PHI-bearing fields if one slips into a log call.
 */
export function createLogger(level: string, name = 'tickler'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['patientAccountRef', '*.patientAccountRef', 'dateOfService', '*.dateOfService'],
      remove: true,
    },
  });
}
