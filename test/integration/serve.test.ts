// `libgate serve` as `npm start` runs it: a first start on an empty database loads the samples, every
// listener answers, and SIGTERM stops it cleanly (exit 0, database closed).
import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { loadSettings } from '../../src/config/settings.js'
import { startServer } from '../../src/server.js'
import { spawnCli } from '../helpers/cli.js'
import { freePort } from '../helpers/free-port.js'
import { logSink } from '../helpers/log-sink.js'
import { nowUs, openSqliteRecordStore } from '../../src/store/sqlite/record-store.js'
import { incoming, marc } from '../unit/store/make.js'



t.test('a first start loads the samples and serves OAI-PMH, SRU, health and SIP2', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'libgate-serve-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const settings = loadSettings({ '--db': join(dir, 'lg.db'), '--http-port': '0', '--sip2-port': String(await freePort()), '--z3950-port': '0' }, {})
  const logs = logSink('info')
  const server = await startServer(settings, logs.log)
  t.teardown(() => server.close())
  const listening = logs.lines().map(l => JSON.parse(l) as Record<string, unknown>).filter(l => l.msg === 'listening')
  t.strictSame(listening.map(l => l.listener).sort(), ['http', 'sip2'], 'one line per listener')
  for (const l of listening) t.equal(l.address, '127.0.0.1', `${String(l.listener)} binds loopback by default`)
  const http = listening.find(l => l.listener === 'http')!
  const sip2 = listening.find(l => l.listener === 'sip2')!
  const base = `http://127.0.0.1:${String(http.port)}`

  const health = await fetch(`${base}/health`)
  t.equal(health.status, 200)
  t.strictSame(await health.json(), { status: 'ok', records: { live: 35, deleted: 1 } }, '31 MARC + 4 DC live, 1 DC deletion')

  const identify = await (await fetch(`${base}/oai?verb=Identify`)).text()
  t.match(identify, /<repositoryIdentifier>libgate\.local<\/repositoryIdentifier>/)
  // OAI-PMH lists only changes of completed seconds (so a harvest that starts from the last responseDate
  // never misses one): the samples written this second appear in the next.
  let list = ''
  for (let i = 0; i < 50 && !list.includes('<header'); i++) {
    if (i > 0) await new Promise(resolve => setTimeout(resolve, 100))
    list = await (await fetch(`${base}/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&set=library:VN-SAMPLE`)).text()
  }
  t.match(list, /oai:libgate\.local:VN-SAMPLE:VN-SYN-000001/)

  const sru = await (await fetch(`${base}/sru?version=1.2&operation=searchRetrieve&query=${encodeURIComponent('dc.title = "truyen kieu"')}&maximumRecords=0`)).text()
  t.match(sru, /<zs:numberOfRecords>1<\/zs:numberOfRecords>/, 'folded search finds Truyện Kiều')

  // SIP2 answers (no device account exists after installation, so a login is refused, not ignored)
  const answer = await new Promise<string>((resolve, reject) => {
    const s = connect(Number(sip2.port), '127.0.0.1', () => s.write('9300CNnobody|COwrong|CPx|\r'))
    s.on('data', d => { resolve(d.toString('utf8')); s.end() })
    s.on('error', reject)
  })
  t.equal(answer, '940\r', 'login refused for an unknown device account')
  t.notOk(logs.lines().some(l => l.includes('wrong')), 'the password never reaches the log')
})

t.test('serve releases an embargo that ended while it was down at start, and stops its sweep on close', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'libgate-serve-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const db = join(dir, 'lg.db')
  const store = openSqliteRecordStore(db)
  // margins of a second: a loaded CI machine must still write the record before its embargo ends
  const until = nowUs() + 1_000_000
  await store.upsertBatch([incoming(marc('E1', 'Truyện Kiều'), { withheldUntil: until })])
  await store.close()
  await new Promise(resolve => setTimeout(resolve, Math.max(0, (until - nowUs()) / 1000) + 50))
  const settings = loadSettings({ '--db': db, '--http-port': '0', '--sip2-port': '0', '--z3950-port': '0', '--sample': 'false' }, {})
  const logs = logSink('info')
  const server = await startServer(settings, logs.log)
  t.teardown(() => server.close())
  t.equal(server.releaseSweep.active, true, 'the sweep is running')
  t.match(logs.text(), /"released":1/, 'released at start')
  const port = (server.app.server.address() as { port: number }).port
  const get = await (await fetch(`http://127.0.0.1:${port}/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:libgate.local:VN-TEST:E1`)).text()
  t.match(get, /<header><identifier>oai:libgate\.local:VN-TEST:E1<\/identifier>/, 'a live header')
  t.match(get, /<metadata>/)
  await server.close()
  t.equal(server.releaseSweep.active, false, 'close stops the sweep (its timer cleared)')
})

t.test('SIGTERM stops serve cleanly', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'libgate-serve-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const child = spawnCli(['serve', '--db', join(dir, 'lg.db'), '--http-port', '0', '--sip2-port', '0', '--z3950-port', '0', '--sample', 'false'])
  const messages: string[] = []
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve did not become ready')), 120_000)
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try { messages.push(String((JSON.parse(line) as { msg: string }).msg)) } catch { return }
      if (messages.at(-1) === 'ready') { clearTimeout(timer); resolve() }
    })
  })
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  child.kill('SIGTERM')
  t.equal(await exited, 0, 'exit status 0')
  t.ok(messages.includes('stopped'), 'logs that it stopped')
})
