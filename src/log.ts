import pino, { type Logger, type DestinationStream } from 'pino'
import { SETTINGS } from './config/settings.js'

/**
 * Paths pino censors wherever they appear (STYLE.md P10). Protocol modules also summarise requests
 * so that secrets never reach a log call in the first place; this list is the second line of defence.
 */
export const REDACT_PATHS = [
  'pin', '*.pin', 'password', '*.password', 'patronPassword', '*.patronPassword',
  'terminalPassword', '*.terminalPassword', 'loginPassword', '*.loginPassword',
  // every setting the table marks secret, wherever the settings object is logged
  ...SETTINGS.filter(d => d.secret === true).map(d => `settings.${d.key}`),
  'req.headers.authorization',
]

export function createLogger (level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'libgate' } }, destination)
}

export type { Logger }
