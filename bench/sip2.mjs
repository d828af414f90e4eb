#!/usr/bin/env node
// SIP2 load benchmark (not a test): our own load client on loopback against libgate's SIP2 listener
// (a child process, the real SQLite circulation behind it, logging on) and, as the limit, a plain
// Node TCP line-echo server on the same machine in the same run. Needs the build: `npm run build`.
// Usage: node bench/sip2.mjs [--seconds 5] [--connections 100] [--mixed 20] [--idle 1000]
import { fork } from 'node:child_process'
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir, cpus } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
// the codec's own date format (dist/: run `npx tsc -p tsconfig.build.json` first)
const { formatSipDate } = await import(join(ROOT, 'dist/protocols/sip2/codec/date.js'))
const sipDate = (d = new Date()) => formatSipDate(d)
const { values: opt } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '100' }, idle: { type: 'string', default: '1000' }, mixed: { type: 'string', default: '20' }, only: { type: 'string', default: 'echo,status,mixed,idle,single' }, role: { type: 'string' }, db: { type: 'string' } } })
const SECONDS = Number(opt.seconds)
const CONNS = Number(opt.connections)
const IDLE = Number(opt.idle)
const MIXED = Number(opt.mixed)
const ONLY = new Set(opt.only.split(','))
const PATRONS = 1000
const LIB = 'VN-BENCH'

// ---- child roles ----
if (opt.role === 'sip2') {
  const { createSip2Listener } = await import(join(ROOT, 'dist/protocols/sip2/listener.js'))
  const { openCirculation } = await import(join(ROOT, 'dist/src/circulation/open.js'))
  const { createLogger } = await import(join(ROOT, 'dist/src/log.js'))
  const pino = (await import('pino')).default
  const circulation = openCirculation(opt.db)
  const log = createLogger('info', pino.destination({ dest: '/dev/null', sync: false }))
  const l = createSip2Listener({ settings: { host: '127.0.0.1', sip2Port: 0, sip2MaxConnections: 5000, sip2IdleTimeout: 600 }, circulation, log })
  const a = await l.listen()
  process.send({ port: a.port })
  process.on('message', async () => { await l.close(); await circulation.close(); process.exit(0) })
} else if (opt.role === 'echo') {
  const srv = createServer((s) => {
    s.setNoDelay(true)
    let buf = ''
    s.setEncoding('latin1')
    s.on('data', (d) => {
      buf += d
      let i
      while ((i = buf.indexOf('\r')) >= 0) { s.write(buf.slice(0, i + 1), 'latin1'); buf = buf.slice(i + 1) }
    })
    s.on('error', () => {})
  })
  srv.listen(0, '127.0.0.1', () => process.send({ port: srv.address().port }))
  process.on('message', () => process.exit(0))
} else {
  await main()
}

// ---- load client ----

/** One kiosk: sends the next message of its script when the previous answer arrived. */
function kiosk (port, script, stats, login = true) {
  const s = connect({ host: '127.0.0.1', port })
  s.setNoDelay(true)
  s.setEncoding('utf8')
  let buf = ''
  let sent = 0n
  let step = 0
  const k = { stopped: false, answered: 0, stop () { k.stopped = true; s.destroy() } }
  const next = () => {
    if (k.stopped) return
    const line = script(step++)
    sent = process.hrtime.bigint()
    s.write(line + '\r')
  }
  s.on('data', (d) => {
    buf += d
    let i
    while ((i = buf.indexOf('\r')) >= 0) {
      const answer = buf.slice(0, i)
      buf = buf.slice(i + 1)
      k.answered++
      // A refused login, a resend request or a refused checkout/checkin counts as an error.
      if (answer.startsWith('940') || answer.startsWith('96') || /^(12|10)0/.test(answer)) stats.errors++
      if (stats.recording) { stats.lat.push(Number(process.hrtime.bigint() - sent) / 1e6); stats.n++ }
      next()
    }
  })
  s.on('error', () => { if (!k.stopped) stats.errors++ })
  s.on('connect', () => {
    if (login) { sent = process.hrtime.bigint(); s.write('9300CNkiosk|COpw-bench|\r') } else next()
  })
  return k
}

function pct (arr, p) {
  if (arr.length === 0) return NaN
  const a = Float64Array.from(arr).sort()
  return a[Math.min(a.length - 1, Math.floor(p / 100 * a.length))]
}

async function run (name, port, conns, scriptOf, { login = true, seconds = SECONDS } = {}) {
  const stats = { n: 0, errors: 0, lat: [], recording: false }
  const ks = []
  for (let c = 0; c < conns; c++) ks.push(kiosk(port, scriptOf(c), stats, login))
  // Logins cost a scrypt each (device passwords, N=2^14): wait for all of them, then warm up.
  while (ks.some((k) => k.answered === 0)) await new Promise((r) => setTimeout(r, 50))
  await new Promise((r) => setTimeout(r, 1000))
  stats.recording = true
  const t0 = process.hrtime.bigint()
  await new Promise((r) => setTimeout(r, seconds * 1000))
  stats.recording = false
  const secs = Number(process.hrtime.bigint() - t0) / 1e9
  for (const k of ks) k.stop()
  await new Promise((r) => setTimeout(r, 200))
  return { name, connections: conns, messagesPerSecond: Math.round(stats.n / secs), p50ms: +pct(stats.lat, 50).toFixed(3), p99ms: +pct(stats.lat, 99).toFixed(3), errors: stats.errors, messages: stats.n }
}

function childServer (role, extra = []) {
  return new Promise((resolve) => {
    const c = fork(fileURLToPath(import.meta.url), ['--role', role, ...extra], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: process.env.BENCH_PROF === '1' && role === 'sip2' ? ['--cpu-prof', '--cpu-prof-dir=/tmp/sip2prof'] : [] })
    c.once('message', (m) => resolve({ port: m.port, stop: () => new Promise((r) => { c.once('exit', r); c.send('stop') }) }))
  })
}

/** Opens `n` logged-in connections that then stay silent. */
async function idleKiosks (port, n) {
  const socks = []
  for (let i = 0; i < n; i++) {
    const s = connect({ host: '127.0.0.1', port })
    s.setEncoding('utf8')
    await new Promise((resolve, reject) => { s.once('data', resolve); s.once('error', reject); s.write('9300CNkiosk|COpw-bench|\r') })
    socks.push(s)
  }
  return socks
}

async function main () {
  const dir = mkdtempSync(join(tmpdir(), 'libgate-bench-sip2-'))
  const db = join(dir, 'bench.db')
  const { openCirculation } = await import(join(ROOT, 'dist/src/circulation/open.js'))
  const circ = openCirculation(db)
  await circ.upsertAccount({ login: 'kiosk', password: 'pw-bench', institution: LIB, charset: 'utf-8', terminator: 'CR', allowIps: [] })
  const patrons = Array.from({ length: PATRONS }, (_, i) => ({ barcode: `P${i}`, name: `Nguyễn Văn ${i}`, pin: String(1000 + i), category: 'adult', expires: '2030-12-31', library: LIB, email: null, phone: null }))
  await circ.upsertPatrons(patrons)
  circ.upsertItems(Array.from({ length: 20000 }, (_, i) => ({ barcode: `I${i}`, record: `r${i % 5000}`, library: LIB, location: 'Stacks', callNumber: `895.9 ${i}`, title: `Sách số ${i}`, media: '001' })))
  await circ.upsertRules([{ library: '*', category: '*', loanDays: 14, maxLoans: 1000, maxRenewals: 2, finePerDay: 2000, maxFine: 100000, feeLimit: 50000, maxOverdue: 3, maxHolds: 5, holdShelfDays: 7, currency: 'VND' }])
  await circ.close()

  const D = sipDate()
  const status = (c) => () => `23000${D}AO${LIB}|AAP${c % PATRONS}|AD${1000 + (c % PATRONS)}|`
  const mixed = (c) => (step) => {
    const round = Math.floor(step / 3)
    const item = `I${(c * 200 + round) % 20000}`
    const d = sipDate(new Date(Date.now()))
    switch (step % 3) {
      case 0: return `63000${d}          AO${LIB}|AAP${c}|AD${1000 + c}|`
      case 1: return `11NN${d}${' '.repeat(18)}AO${LIB}|AAP${c}|AB${item}|`
      default: return `09N${d}${d}AP${LIB}|AO${LIB}|AB${item}|`
    }
  }

  const results = []
  if (ONLY.has('echo')) {
    const echo = await childServer('echo')
    results.push((await run('echo server (the limit), same 23 line', echo.port, CONNS, status, { login: false })))
    await echo.stop()
  }

  const sip = await childServer('sip2', ['--db', db])
  if (ONLY.has('status')) results.push(await run('23 patron status (PIN checked)', sip.port, CONNS, status))
  if (ONLY.has('mixed')) results.push(await run('mixed 63 / 11 checkout / 09 checkin (durable writes)', sip.port, MIXED, mixed))
  if (ONLY.has('idle')) {
    const idle = await idleKiosks(sip.port, IDLE)
    results.push(await run(`23 patron status with ${IDLE} idle kiosks connected`, sip.port, CONNS, status))
    for (const s of idle) s.destroy()
  }
  if (ONLY.has('single')) results.push(await run('23 patron status, 1 connection', sip.port, 1, status))
  await sip.stop()
  rmSync(dir, { recursive: true, force: true })

  const out = { date: new Date().toISOString(), cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, seconds: SECONDS, results }
  mkdirSync(join(ROOT, 'bench/out'), { recursive: true })
  writeFileSync(join(ROOT, 'bench/out/sip2.json'), JSON.stringify(out, null, 2))
  console.log(`SIP2 benchmark: ${out.cpus} CPU, Node ${out.node}, ${SECONDS} s per run, loopback`)
  for (const r of results) console.log(`${r.name.padEnd(60)} ${String(r.connections).padStart(5)} conn ${String(r.messagesPerSecond).padStart(8)} msg/s  p50 ${r.p50ms} ms  p99 ${r.p99ms} ms  errors ${r.errors}`)
  process.exit(0)
}
