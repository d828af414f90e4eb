#!/usr/bin/env node
// OAI-PMH harvest benchmark (issue 3). Not a test: prints figures.
//   python3 ../shared/data/marc/vietnamese/generator/synth.py 100000 /tmp/syn-100k.mrc 42
//   npx tsc -p tsconfig.build.json && node bench/oai-harvest.mjs [--file /tmp/syn-100k.mrc] [--db /tmp/oai-bench.db] [--page 500] [--gzip] [--rounds 2] [--concurrent false] [--concurrent-rounds 2]
// Measures, against a server process on a real SQLite store built from the synthetic file:
//  - full ListRecords harvests in marc21 and oai_dc by a Node client following tokens (records/s);
//  - the same records served from memory through the same serialiser and routes (the limit), and our ratio;
//  - page latency: page 1 vs p95 of the last pages; first-byte time; GetRecord p50/p99;
//  - RSS of the server process with 10 concurrent harvesters.
import { spawn } from 'node:child_process'
import http from 'node:http'
import { createGunzip } from 'node:zlib'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { performance } from 'node:perf_hooks'

const ROOT = resolve(import.meta.dirname, '..')
const DIST = resolve(ROOT, 'dist')
const args = Object.fromEntries(process.argv.slice(2).reduce((a, x, i, all) => (x.startsWith('--') ? [...a, [x.slice(2), all[i + 1]?.startsWith('--') ? 'true' : all[i + 1] ?? 'true']] : a), []))
const FILE = args.file ?? '/tmp/syn-100k.mrc'
const DB = args.db ?? '/tmp/oai-bench.db'
const PAGE = Number(args.page ?? 500)
const ISIL = 'VN-BENCH'
// harvest figures are for identity unless --gzip (then both sides compress/decompress)
const ENCODING = args.gzip === 'true' ? 'gzip' : 'identity'

const imp = (p) => import(resolve(DIST, p))

async function buildDb () {
  const { openSqliteRecordStore } = await imp('src/store/sqlite/record-store.js')
  const store = openSqliteRecordStore(DB)
  const { live } = await store.stats()
  if (live > 0) { console.log(`store ${DB}: ${live} live records (reused)`); await store.close(); return }
  const t0 = performance.now()
  const { importFiles } = await imp('src/ingest/import.js')
  await importFiles(store, { library: ISIL, files: [FILE] })
  const { live: n } = await store.stats()
  console.log(`imported ${n} records into ${DB} in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  await store.close()
}

// --serve: the server process (the OAI-PMH plugin on a real store, or on an in-memory copy with --memory)
async function serve () {
  const { default: Fastify } = await import(resolve(ROOT, 'node_modules/fastify/fastify.js'))
  const { default: formbody } = await import(resolve(ROOT, 'node_modules/@fastify/formbody/formbody.js'))
  const { loadSettings } = await imp('src/config/settings.js')
  const { createLogger } = await imp('src/log.js')
  const { openSqliteRecordStore } = await imp('src/store/sqlite/record-store.js')
  const { default: oaiPmh } = await imp('protocols/oai-pmh/plugin.js')
  let store = openSqliteRecordStore(DB)
  if (args.memory === 'true') store = await memoryStore(store)
  const settings = { ...loadSettings({ '--db': DB, '--oai-page-size': String(PAGE), '--http-port': '0', '--sample': 'false' }, {}), baseUrl: 'http://127.0.0.1' }
  const app = Fastify({ logger: false })
  await app.register(formbody)
  await app.register(oaiPmh, { services: { store, settings, log: createLogger('silent'), secret: 'bench' } })
  await app.listen({ host: '127.0.0.1', port: 0 })
  console.log(JSON.stringify({ port: app.server.address().port }))
}

/** Every record in memory, listChanges by binary search on the stamp: what the store costs nothing. */
async function memoryStore (real) {
  const all = []
  for (let after; ;) {
    const page = await real.listChanges({ limit: 5000, ...(after !== undefined ? { after: { stamp: after } } : {}) })
    if (page.length === 0) break
    all.push(...page)
    after = page[page.length - 1].stamp
  }
  const byKey = new Map(all.map(r => [`${r.id.isil}:${r.id.localId}`, r]))
  const first = (stamp) => { let lo = 0; let hi = all.length; while (lo < hi) { const m = (lo + hi) >> 1; if (all[m].stamp < stamp) lo = m + 1; else hi = m } return lo }
  const match = (q, r) => (q.set === undefined || r.sets.some(s => s === q.set || s.startsWith(q.set + ':'))) && (q.format === undefined || r.deleted || r.format === q.format)
  const scan = (q, limit) => {
    const out = []
    const start = q.after !== undefined ? first(q.after.stamp + 1) : first(q.fromStamp ?? 0)
    for (let i = start; i < all.length && out.length < limit; i++) {
      const r = all[i]
      if (q.fromStamp !== undefined && r.stamp < q.fromStamp) continue
      if (q.untilStamp !== undefined && r.stamp > q.untilStamp) break
      if (match(q, r)) out.push(r)
    }
    return out
  }
  const stable = await real.stableStamp()
  return {
    ...Object.fromEntries(['listSets', 'libraries', 'earliestStamp', 'latestStamp', 'stats', 'getOrCreateMeta', 'setMeta', 'touchAll', 'ping'].map(k => [k, real[k].bind(real)])),
    get: async (id) => byKey.get(`${id.isil}:${id.localId}`),
    listChanges: async (q) => scan(q, q.limit),
    countChanges: async (q) => scan(q, Infinity).length,
    stableStamp: async () => stable + 2_000_000,
    close: async () => real.close(),
  }
}

function startServer (memory) {
  const child = spawn(process.execPath, ['--max-old-space-size=4096', import.meta.filename, '--serve', 'true', '--db', DB, '--page', String(PAGE), ...(memory ? ['--memory', 'true'] : [])], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((res, rej) => {
    child.once('exit', (c) => rej(new Error(`server exited ${c}`)))
    createInterface({ input: child.stdout }).once('line', (l) => res({ child, base: `http://127.0.0.1:${JSON.parse(l).port}/oai` }))
  })
}

const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024

const TOKEN_RE = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/
// The harvester is a lean node:http client over a keep-alive connection that never decodes the body
// to a string (records and the token are found in the bytes): fetch plus text() cost the client about
// 21 µs a record, on the same two cores as the server, and the figure measured the client.
const agents = new Map()
function fetchPage (url) {
  const u = new URL(url)
  let agent = agents.get(u.host)
  if (agent === undefined) { agent = new http.Agent({ keepAlive: true, maxSockets: 16 }); agents.set(u.host, agent) }
  const t0 = performance.now()
  return new Promise((resolve, reject) => {
    http.get({ host: u.hostname, port: u.port, path: u.pathname + u.search, agent, headers: { 'accept-encoding': ENCODING } }, (res) => {
      let firstByte
      const chunks = []
      const body = res.headers['content-encoding'] === 'gzip' ? res.pipe(createGunzip()) : res
      res.once('data', () => { firstByte = performance.now() - t0 })
      body.on('data', (c) => chunks.push(c))
      body.once('end', () => resolve({ ms: performance.now() - t0, firstByte, body: Buffer.concat(chunks), status: res.statusCode }))
      body.once('error', reject)
    }).once('error', reject)
  })
}

/** `<record>` elements in a page, and its resumption token (or undefined at the end). */
function scanPage (body) {
  let n = 0
  for (let i = body.indexOf('<record>'); i >= 0; i = body.indexOf('<record>', i + 8)) n++
  const m = TOKEN_RE.exec(body.latin1Slice(Math.max(0, body.length - 4096), body.length))
  return { n, token: m === null ? undefined : m[1] }
}

async function harvest (base, prefix, pid) {
  const cpu0 = pid !== undefined ? cpuMs(pid) : 0
  const t0 = performance.now()
  const pages = []
  let records = 0
  let url = `${base}?verb=ListRecords&metadataPrefix=${prefix}`
  for (;;) {
    const p = await fetchPage(url)
    if (p.status !== 200) throw new Error(`HTTP ${p.status}`)
    const { n, token } = scanPage(p.body)
    records += n
    pages.push({ ms: p.ms, firstByte: p.firstByte, bytes: p.body.length })
    if (token === undefined) break
    url = `${base}?verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`
  }
  const s = (performance.now() - t0) / 1000
  const cpuUs = pid !== undefined ? (cpuMs(pid) - cpu0) * 1000 / records : NaN
  return { records, seconds: s, rate: records / s, pages, cpuUs }
}

/** user+system CPU time of a process so far (ms): the server's cost per record, whatever else the machine runs. */
function cpuMs (pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(f[11]) + Number(f[12])) * 10 // clock ticks of 10 ms
}

const pct = (xs, p) => { const a = [...xs].sort((x, y) => x - y); return a[Math.min(a.length - 1, Math.floor(p / 100 * a.length))] }
const f = (x, d = 1) => x.toFixed(d)

async function main () {
  if (args.serve === 'true') return serve()
  if (!existsSync(FILE) && !existsSync(DB)) throw new Error(`${FILE} missing: python3 ../shared/data/marc/vietnamese/generator/synth.py 100000 ${FILE} 42`)
  await buildDb()
  const ROUNDS = Number(args.rounds ?? 2)
  const out = {}
  // Both servers run for the whole comparison and the harvests alternate store, memory, store, …:
  // on a shared machine the load changes from minute to minute, and the ratio must compare like with like.
  const [store, mem] = await Promise.all([startServer(false), startServer(true)])
  const { child, base } = store
  try {
    const rss0 = rss(child.pid)
    await harvest(base, 'oai_dc') // warm the page cache and the JIT once
    await harvest(mem.base, 'oai_dc')
    for (const prefix of ['marc21', 'oai_dc']) {
      let best
      let bestMem
      for (let round = 0; round < ROUNDS; round++) {
        const h = await harvest(base, prefix, child.pid)
        const m = await harvest(mem.base, prefix, mem.child.pid)
        if (best === undefined || h.rate > best.rate) best = h
        if (bestMem === undefined || m.rate > bestMem.rate) bestMem = m
      }
      const h = best
      const tail = h.pages.slice(-Math.max(5, Math.floor(h.pages.length / 10)))
      out[prefix] = { records: h.records, rate: h.rate, pages: h.pages.length, page1: h.pages[0].ms, p95last: pct(tail.map(p => p.ms), 95), p95all: pct(h.pages.map(p => p.ms), 95), firstByte1: h.pages[0].firstByte, firstByteMax: Math.max(...h.pages.map(p => p.firstByte)), mb: h.pages.reduce((a, p) => a + p.bytes, 0) / 1e6 }
      console.log(`${prefix}: ${h.records} records in ${f(h.seconds, 2)} s = ${f(h.rate, 0)} records/s, server CPU ${f(h.cpuUs)} µs/record (${h.pages.length} pages of ${PAGE}, ${f(out[prefix].mb)} MB, ${ENCODING}); page 1 ${f(out[prefix].page1)} ms, p95 of last pages ${f(out[prefix].p95last)} ms, p95 all ${f(out[prefix].p95all)} ms; first byte page 1 ${f(out[prefix].firstByte1)} ms, worst ${f(out[prefix].firstByteMax)} ms`)
      console.log(`  from memory, same serialiser and routes, ${prefix}: ${f(bestMem.rate, 0)} records/s, server CPU ${f(bestMem.cpuUs)} µs/record; store/memory ratio ${f(h.rate / bestMem.rate, 2)} (best of ${ROUNDS} alternating rounds each; CPU ratio ${f(bestMem.cpuUs / h.cpuUs, 2)})`)
    }
    mem.child.kill()
    // GetRecord: random identifiers from a ListIdentifiers page
    const li = await fetchPage(`${base}?verb=ListIdentifiers&metadataPrefix=marc21`)
    const ids = [...li.body.toString('utf8').matchAll(/<identifier>([^<]+)<\/identifier>/g)].map(m => m[1])
    const lat = []
    for (let i = 0; i < 2000; i++) {
      const id = ids[(i * 7919) % ids.length]
      const t0 = performance.now()
      await fetchPage(`${base}?verb=GetRecord&metadataPrefix=${i % 2 ? 'oai_dc' : 'marc21'}&identifier=${encodeURIComponent(id)}`)
      lat.push(performance.now() - t0)
    }
    console.log(`GetRecord (2000, loopback, sequential): p50 ${f(pct(lat, 50), 2)} ms, p99 ${f(pct(lat, 99), 2)} ms`)
    if (args.concurrent === 'false') return
    // 10 concurrent harvesters, RSS sampled every 100 ms; the whole run twice (by default), so a
    // plateau shows as the second run's RSS staying where the first one ended
    const CROUNDS = Number(args['concurrent-rounds'] ?? 2)
    for (let round = 1; round <= CROUNDS; round++) {
      let peak = 0
      const samples = []
      const timer = setInterval(() => { const m = rss(child.pid); samples.push(m); peak = Math.max(peak, m) }, 100)
      const t0 = performance.now()
      const hs = await Promise.all(Array.from({ length: 10 }, (_, i) => harvest(base, i % 2 ? 'oai_dc' : 'marc21')))
      clearInterval(timer)
      const total = hs.reduce((a, h) => a + h.records, 0)
      const q = Math.max(1, Math.floor(samples.length / 4))
      const quarters = [0, 1, 2, 3].map(k => f(pct(samples.slice(k * q, k === 3 ? samples.length : (k + 1) * q), 50), 0)).join(' / ')
      console.log(`10 concurrent harvesters, run ${round}: ${total} records in ${f((performance.now() - t0) / 1000, 1)} s (${f(total / ((performance.now() - t0) / 1000), 0)} records/s overall); server RSS idle ${f(rss0, 0)} MB, peak ${f(peak, 0)} MB, median by quarter ${quarters} MB`)
    }
  } finally { child.kill(); mem.child.kill(); for (const a of agents.values()) a.destroy() }
}

main().catch((e) => { console.error(e); process.exit(1) })
