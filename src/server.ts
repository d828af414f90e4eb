import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import formbody from '@fastify/formbody'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Settings } from './config/settings.js'
import type { Logger } from './log.js'
import type { Listener } from './listener.js'
import type { Services } from './services.js'
import { openRecordStore } from './store/open.js'
import { startReleaseSweep, type ReleaseSweep } from './store/release-sweep.js'
import { importFiles } from './ingest/import.js'
import { parseIsil } from './model/isil.js'
// [protocol imports] — one line per protocol module, added by that protocol's work
import oaiPmh from '../protocols/oai-pmh/plugin.js'
import sru from '../protocols/sru/plugin.js'
import { createSip2Listener } from '../protocols/sip2/listener.js'
import { holdingsOnImport, openCirculation, type CirculationService } from './circulation/open.js'
import { loadCirculationSamples } from './circulation/samples.js'

export interface RunningServer {
  readonly app: FastifyInstance
  readonly listeners: readonly Listener[]
  /** Releases records whose embargo has ended: at start, then every minute until close. */
  readonly releaseSweep: ReleaseSweep
  close (): Promise<void>
}

const SAMPLES: ReadonlyArray<readonly [string, string]> = [
  ['VN-SAMPLE', 'vn-sample.mrc'],
  ['VN-SAMPLEDC', 'vn-sample-dc.xml'],
]

/** samples/ at the project root: one level above src/server.ts, two above dist/src/server.js. */
function sampleFile (name: string): string {
  const fromSource = fileURLToPath(new URL(`../samples/${name}`, import.meta.url))
  return existsSync(fromSource) ? fromSource : fileURLToPath(new URL(`../../samples/${name}`, import.meta.url))
}

/**
 * A first start (an empty database) loads the bundled samples, so `npm ci && npm start` gives a
 * gateway with something to harvest, search and check out. Items also come from the records' holdings.
 */
async function importSamples (services: Services, circulation: CirculationService): Promise<void> {
  const { store, log } = services
  const { live, deleted } = await store.stats()
  if (live + deleted > 0) return
  for (const [isil, name] of SAMPLES) {
    const file = sampleFile(name)
    if (!existsSync(file)) continue
    const summary = await importFiles(store, { library: parseIsil(isil), files: [file], ...holdingsOnImport(circulation) })
    log.info({ library: isil, file, ...summary.counts }, 'imported sample records')
  }
  const csv = { rules: sampleFile('rules.csv'), patrons: sampleFile('patrons.csv'), items: sampleFile('items.csv') }
  if (Object.values(csv).every(f => existsSync(f))) {
    const r = await loadCirculationSamples(circulation, csv)
    for (const line of r.rejected) log.warn(line)
    log.info({ patrons: r.patrons, items: r.items, rules: r.rules }, 'imported sample circulation data (add a kiosk with: libgate sip2 account add)')
  }
}

/**
 * The composition root: settings → store → services → HTTP app + TCP listeners (STYLE.md P13).
 * Closing happens in reverse order: listeners stop accepting and finish in-flight work, then the store.
 */
export async function startServer (settings: Settings, log: Logger): Promise<RunningServer> {
  const store = openRecordStore(settings.db)
  const secret = settings.secret ?? await store.getOrCreateMeta('token-secret', () => randomBytes(32).toString('base64url'))
  const services: Services = { store, settings, log, secret }
  const circulation = openCirculation(settings.db)
  if (settings.sample) await importSamples(services, circulation)
  const releaseSweep = startReleaseSweep(store, log)

  const app = Fastify({ loggerInstance: log.child({ listener: 'http' }) as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }), bodyLimit: 1 << 20, return503OnClosing: true })
  await app.register(formbody, { bodyLimit: 1 << 20 })
  app.get('/health', async (_req, reply) => {
    const ok = await store.ping().catch(() => false)
    const stats = ok ? await store.stats() : undefined
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', records: stats })
  })
  // [http plugins]
  await app.register(oaiPmh, { services })
  await app.register(sru, { services })

  const listeners: Listener[] = []
  // [tcp listeners]
  if (settings.sip2Port !== 0) listeners.push(createSip2Listener({ settings, circulation, log: log.child({ proto: 'sip2' }) }))
  if (settings.z3950Port !== 0) log.warn({ listener: 'z3950', port: settings.z3950Port }, 'Z39.50 is not part of this version; no listener opened')

  const addr = await app.listen({ host: settings.host, port: settings.httpPort })
  const http = app.server.address()
  log.info({ listener: 'http', address: typeof http === 'object' && http !== null ? http.address : addr, port: typeof http === 'object' && http !== null ? http.port : settings.httpPort, url: settings.baseUrl }, 'listening')
  const started: Listener[] = []
  try {
    for (const l of listeners) {
      const a = await l.listen()
      started.push(l)
      log.info({ listener: l.name, address: a.address, port: a.port }, 'listening')
    }
  } catch (e) {
    for (const l of started.reverse()) await l.close()
    await app.close()
    await releaseSweep.stop()
    await circulation.close()
    await store.close()
    throw e
  }
  log.info('ready')

  let closing: Promise<void> | undefined
  return {
    app,
    listeners,
    releaseSweep,
    close () {
      closing ??= (async () => {
        for (const l of [...started].reverse()) await l.close()
        await app.close()
        await releaseSweep.stop()
        await circulation.close()
        await store.close()
      })()
      return closing
    },
  }
}
