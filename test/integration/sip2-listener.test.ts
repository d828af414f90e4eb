// A real SIP2 listener on 127.0.0.1 port 0 over a temp SQLite file, driven by our own tiny client.
import t, { type Test } from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSip2Listener } from '../../protocols/sip2/listener.js'
import { SqliteCirculation } from '../../src/circulation/sqlite/adapter.js'
import type { Sip2Backend } from '../../src/circulation/port.js'
import { sip2Client } from '../helpers/sip2-client.js'
import { logSink } from '../helpers/log-sink.js'
import { fakeCirculation } from '../helpers/sip2-fake-circulation.js'

const D = '20260110    100000'
const B = ' '.repeat(18)
const LIB = 'VN-HN'

interface Env { port: number, db: string, sink: ReturnType<typeof logSink>, close: () => Promise<void> }

async function start (t: Test, over: { backend?: Sip2Backend, max?: number, idle?: number, tls?: { cert: string, key: string } } = {}): Promise<Env> {
  const dir = mkdtempSync(join(tmpdir(), 'libgate-sip2-'))
  const db = join(dir, 'x.db')
  const circ = new SqliteCirculation(db)
  await circ.upsertAccount({ login: 'kiosk1', password: 's3cret', institution: LIB, charset: 'utf-8', terminator: 'CR', allowIps: [] })
  await circ.upsertPatrons([
    { barcode: 'P1', name: 'Nguyễn Văn An', pin: '1234', category: 'adult', expires: '2030-12-31', library: LIB, email: null, phone: null },
    { barcode: 'P2', name: 'Trần Thị Bình', pin: '5678', category: 'adult', expires: '2030-12-31', library: LIB, email: null, phone: null },
  ])
  circ.upsertItems([{ barcode: 'I1', record: 'r1', library: LIB, location: 'Stacks', callNumber: '895.9', title: 'Truyện Kiều', media: '001' }])
  const sink = logSink('info')
  const listener = createSip2Listener({
    settings: { host: '127.0.0.1', sip2Port: 0, sip2TlsCert: over.tls?.cert as string, sip2TlsKey: over.tls?.key as string, sip2MaxConnections: over.max ?? 100, sip2IdleTimeout: over.idle ?? 600 },
    circulation: over.backend ?? circ,
    log: sink.log,
  })
  const addr = await listener.listen()
  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    await listener.close()
    await circ.close()
    rmSync(dir, { recursive: true, force: true })
  }
  t.teardown(close)
  return { port: addr.port, db, sink, close }
}

t.test('a kiosk session: login, status, patron info, checkout, renew, hold, checkin with the hold waiting, fee, end', async (t) => {
  const env = await start(t)
  const c = await sip2Client(env.port)
  t.equal(await c.send('9300CNkiosk1|COs3cret|CPdesk|AY0AZ'.replace('AY0AZ', '')), '941')
  t.match(await c.send('9900302.00'), /^98YYYYYY050003\d{8} {4}\d{6}2\.00AOVN-HN\|AMVN-HN\|BXYYYYYYYYYYYYYYYY\|$/)
  t.match(await c.send(`23000${D}AOVN-HN|AAP1|ACs3cret|AD1234|`), /^24 {14}000.*\|AENguyễn Văn An\|BLY\|CQY\|BHVND\|BV0\|$/)
  t.match(await c.send(`11YN${D}${B}AOVN-HN|AAP1|ABI1|AD1234|`), /^121NNY.*\|ABI1\|AJTruyện Kiều\|AH\d{8} {4}235959\|CK001\|$/)
  t.match(await c.send(`63000${D}  Y       AOVN-HN|AAP1|AD1234|`), /^64 {14}000\d{8} {4}\d{6}000000000001000000000000.*\|AUI1\|/)
  t.match(await c.send(`29NN${D}${B}AOVN-HN|AAP1|ABI1|`), /^301YNN/)
  t.match(await c.send(`15+${D}AOVN-HN|AAP2|AJr1|BSVN-HN|`), /^161N\d{8} {4}\d{6}BR1\|BSVN-HN\|/)
  t.match(await c.send(`09N${D}${D}APVN-HN|AOVN-HN|ABI1|`), /^101YNY.*\|CLHOLDS\|AAP1\|.*\|CV01\|CYP2\|DATrần Thị Bình\|/)
  t.match(await c.send(`17${D}AOVN-HN|ABI1|`), /^180802/, 'on the hold shelf')
  t.match(await c.send(`37${D}0400VNDBV2000|AOVN-HN|AAP1|`), /^38N.*AFNothing owed\|$/)
  t.match(await c.send(`35${D}AOVN-HN|AAP1|`), /^36Y/)
  c.close()

  const lines = env.sink.lines().map((l) => JSON.parse(l) as Record<string, unknown>)
  const tx = lines.filter((l) => l.msg === 'transaction')
  t.equal(tx.length, 11, 'one log line per transaction')
  t.match(tx[3], { cmd: '11', type: 'checkout', institution: LIB, outcome: 'ok', ms: Number, cid: Number, peer: String })
  const text = env.sink.text()
  for (const secret of ['1234', 's3cret', 'kiosk1|', 'AD1234', 'COs3cret']) t.notOk(text.includes(secret), `logs never contain ${secret}`)
  t.notOk(text.includes('Nguyễn'), 'nor patron names')
})

t.test('exactly-once across a reconnect: the resent checkout is answered from the first', async (t) => {
  const env = await start(t)
  const a = await sip2Client(env.port)
  await a.send('9300CNkiosk1|COs3cret|')
  const req = `11YN20260110    101500${B}AOVN-HN|AAP1|ABI1|AD1234|AY3AZ`
  const { sip2Checksum } = await import('../../protocols/sip2/codec/checksum.js')
  const first = await a.send(req + sip2Checksum(Buffer.from(req)))
  a.close()
  const b = await sip2Client(env.port)
  await b.send('9300CNkiosk1|COs3cret|')
  const req2 = `11YN20260110    101500${B}AOVN-HN|AAP1|ABI1|AD1234|AY0AZ`
  const second = await b.send(req2 + sip2Checksum(Buffer.from(req2)))
  t.equal(second.slice(0, 6), '121NNY', 'ok, no renewal')
  t.equal(second.slice(24).replace(/AY0AZ.{4}$/, ''), first.slice(24).replace(/AY3AZ.{4}$/, ''), 'the same answer')
  const checkin = `09N20260110    102000${B}APVN-HN|AOVN-HN|ABI1|`
  t.match(await b.send(checkin), /^101YNN/)
  t.match(await b.send(checkin), /^101YNN/, 'a repeated checkin is ok, never "not checked out"')
  b.close()
  await env.close()
})

t.test('framing on the wire: pipelined, split, CR LF; bad input closes only that connection', async (t) => {
  const env = await start(t)
  const c = await sip2Client(env.port)
  c.socket.write('9300CNkiosk1|COs3cret|\r\n9900302.00\r\n')
  t.equal(await c.next(), '941')
  t.match(await c.next(), /^98Y/)
  const line = `23000${D}AOVN-HN|AAP1|\r`
  for (const ch of line) c.socket.write(ch)
  t.match(await c.next(), /^24/)
  c.socket.write('XXgarbage\r')
  t.match(await c.send('9900302.00'), /^98Y/, 'an unknown command gets no answer; the next message is answered')
  const other = await sip2Client(env.port)
  t.equal(await other.send('9300CNkiosk1|COs3cret|'), '941')
  c.socket.write('A'.repeat(5000))
  await c.closed()
  t.pass('an overlong line closes the connection before any CR arrives')
  t.match(await other.send('9900302.00'), /^98Y/, 'the other kiosk is unaffected')
  other.close()
})

t.test('a pipelining peer: every message answered, in order, one at a time', async (t) => {
  const env = await start(t)
  const c = await sip2Client(env.port)
  t.equal(await c.send('9300CNkiosk1|COs3cret|'), '941')
  const n = 300
  c.socket.write(Array.from({ length: n }, (_, i) => `17${D}AOVN-HN|AB${i % 2 === 0 ? 'I1' : 'nope'}|\r`).join(''))
  const answers: string[] = []
  for (let i = 0; i < n; i++) answers.push(await c.next())
  t.ok(answers.every((a, i) => i % 2 === 0 ? a.startsWith('1803') : a.startsWith('1801')), 'answers in request order')
  c.close()
})

t.test('connection cap and idle timeout', async (t) => {
  const env = await start(t, { max: 2, idle: 1 })
  const a = await sip2Client(env.port)
  const b = await sip2Client(env.port)
  t.equal(await a.send('9300CNkiosk1|COs3cret|'), '941')
  const c = await sip2Client(env.port)
  await c.closed()
  t.pass('the third connection is refused')
  await a.closed()
  await b.closed()
  t.pass('idle connections are closed')
})

t.test('clean shutdown finishes the transaction in flight', async (t) => {
  let release: () => void = () => {}
  const gate = new Promise<void>((resolve) => { release = resolve })
  let started: () => void = () => {}
  const inFlight = new Promise<void>((resolve) => { started = resolve })
  const fake = fakeCirculation()
  const slow = { ...fake, checkout: async (req: Parameters<Sip2Backend['checkout']>[0]) => { started(); await gate; return fake.checkout(req) } }
  const env = await start(t, { backend: slow })
  const c = await sip2Client(env.port)
  t.equal(await c.send('9300CNkiosk|COpw|'), '941')
  const answer = c.send(`11YN${D}${B}AOVN-HN|AAP1|ABI1|`)
  await inFlight
  const closing = env.close()
  release()
  t.match(await answer, /^121/, 'answered')
  await c.closed()
  await closing
  t.pass('then closed')
})

t.test('TLS listener', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'libgate-tls-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const cert = join(dir, 'cert.pem')
  const key = join(dir, 'key.pem')
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' })
  const env = await start(t, { tls: { cert, key } })
  const c = await sip2Client(env.port, { tls: true })
  t.equal(await c.send('9300CNkiosk1|COs3cret|'), '941')
  t.match(await c.send('9900302.00'), /^98Y/)
  c.close()
})
