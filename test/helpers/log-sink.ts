// Collects pino's JSON lines in memory (as pino's own test/helper.js sink()).
import { Writable } from 'node:stream'
import { createLogger, type Logger } from '../../src/log.js'

export function logSink (level = 'debug'): { log: Logger, lines: () => string[], text: () => string } {
  let text = ''
  const stream = new Writable({ write (chunk, _enc, cb) { text += String(chunk); cb() } })
  const log = createLogger(level, stream as unknown as Parameters<typeof createLogger>[1])
  return { log, lines: () => text.split('\n').filter((l) => l !== ''), text: () => text }
}
