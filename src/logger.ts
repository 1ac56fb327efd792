import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs. Personal data never goes into a log line: the redact list is a safety net for
 * fields that could carry it if someone logs a whole body by mistake.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'screening-sidecar' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'name',
        '*.name',
        'firstName',
        '*.firstName',
        'lastName',
        '*.lastName',
        'dateOfBirth',
        '*.dateOfBirth',
        'email',
        '*.email',
        'address',
        '*.address',
        'birthDate',
        '*.birthDate',
        'req.headers.authorization',
        'headers.authorization',
        'authorization',
      ],
      censor: '[redacted]',
    },
  });
}
