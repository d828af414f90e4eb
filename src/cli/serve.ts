import type { Command } from './command.js'
import { createLogger } from '../log.js'
import { startServer } from '../server.js'

export const serveCommand: Command = {
  words: ['serve'],
  summary: 'start every listener (HTTP: OAI-PMH, SRU, health; SIP2) on the configured database',
  usage: 'libgate serve [settings]',
  options: {},
  async run ({ settings }) {
    const log = createLogger(settings.logLevel)
    const server = await startServer(settings, log)
    await new Promise<void>((resolve) => {
      const stop = (signal: string): void => {
        log.info({ signal }, 'stopping: finishing in-flight requests')
        const force = setTimeout(() => { log.error('in-flight work did not finish in 30 s; exiting'); process.exit(1) }, 30000)
        force.unref()
        server.close().then(() => { log.info('stopped'); resolve() }, (e: unknown) => { log.error({ err: e }, 'error while stopping'); resolve() })
      }
      process.once('SIGTERM', stop)
      process.once('SIGINT', stop)
    })
    return 0
  },
}
