// Serves SRU from the built tree (dist/) on a SQLite file, loading ISO 2709 files first when the
// database is empty: `node bench/sru-serve.mjs DB PORT [ISIL FILE]...`. The benchmark uses it so
// that it measures the SRU path alone; `libgate serve` adds OAI-PMH and the other listeners.
import Fastify from 'fastify'
import formbody from '@fastify/formbody'
import pino from 'pino'
import { createReadStream } from 'node:fs'
const dist = new URL('../dist/', import.meta.url)
const { default: sru } = await import(new URL('protocols/sru/plugin.js', dist))
const { openSqliteRecordStore } = await import(new URL('src/store/sqlite/record-store.js', dist))
const { readIso2709 } = await import(new URL('src/ingest/marc/index.js', dist))
const { recordSets } = await import(new URL('mappings/record-sets.js', dist))

const [db, port, ...pairs] = process.argv.slice(2)
const store = openSqliteRecordStore(db)
if ((await store.stats()).live === 0) {
  for (let i = 0; i < pairs.length; i += 2) {
    const isil = pairs[i]
    let batch = []
    for await (const r of readIso2709(createReadStream(pairs[i + 1]))) {
      if (r.record === null) continue
      const localId = r.record.fields.find(f => f.tag === '001')?.value ?? `pos-${r.position}`
      batch.push({ id: { isil, localId }, format: 'marc21', marc: r.record, dc: null, deleted: false, sets: recordSets(isil, { marc: r.record, dc: null }) })
      if (batch.length === 2000) { await store.upsertBatch(batch); batch = [] }
    }
    if (batch.length > 0) await store.upsertBatch(batch)
  }
}
const app = Fastify({ logger: false })
await app.register(formbody)
await app.register(sru, { services: { store, settings: { sruMaxRecords: 100, baseUrl: `http://127.0.0.1:${port}`, repositoryName: 'libgate', adminEmail: 'admin@libgate.local' }, log: pino({ level: 'silent' }), secret: 'bench' } })
await app.listen({ host: '127.0.0.1', port: Number(port) })
console.log(JSON.stringify({ msg: 'ready', port: Number(port), records: (await store.stats()).live }))
const stop = async () => { await app.close(); await store.close(); process.exit(0) }
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
