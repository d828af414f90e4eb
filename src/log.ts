import pino, { type Logger, type DestinationStream } from 'pino'

/**
 * Paths pino censors wherever they appear (STYLE.md P10). Protocol modules also summarise requests
 * so that secrets never reach a log call in the first place; this list is the second line of defence.
 */
export const REDACT_PATHS = [
  'pin', '*.pin', 'password', '*.password', 'patronPassword', '*.patronPassword',
  'terminalPassword', '*.terminalPassword', 'loginPassword', '*.loginPassword',
  'settings.db', 'settings.secret', 'settings.sip2TlsKey',
  'req.headers.authorization',
]

export function createLogger (level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'libgate' } }, destination)
}

export type { Logger }
