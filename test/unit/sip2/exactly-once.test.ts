// Exactly-once for requests with a BLANK transaction date (issue 5): the SIP2 session over the real
// SQLite circulation, with an injected clock; a "reconnect" is a new session on the same backend.
import t, { type Test } from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { appendTrailer } from '../../../protocols/sip2/codec/checksum.js'
import { Sip2Session, UNDATED_WINDOW_MS } from '../../../protocols/sip2/session.js'
import { LoginThrottle } from '../../../protocols/sip2/throttle.js'
import { SqliteCirculation } from '../../../src/circulation/sqlite/adapter.js'
import { B, D } from '../../fixtures/sip2/codec-cases.js'

const LIB = 'VN-HN'

async function setup (t: Test) {
  const dir = mkdtempSync(join(tmpdir(), 'libgate-sip2-once-'))
  const clock = { now: new Date(2026, 0, 10, 10, 0, 0).getTime() }
  const circ = new SqliteCirculation(join(dir, 'libgate.db'), () => clock.now)
  t.teardown(async () => { await circ.close(); rmSync(dir, { recursive: true, force: true }) })
  await circ.upsertPatrons([{ barcode: 'P1', name: 'Nguyễn Văn An', pin: '', category: 'adult', expires: '2030-12-31', library: LIB, email: null, phone: null }])
  circ.upsertItems([{ barcode: 'I1', record: 'r1', library: LIB, location: 'Stacks', callNumber: '', title: 'Truyện Kiều', media: '001' }])
  await circ.upsertAccount({ login: 'kiosk', password: 'pw', institution: LIB, charset: 'utf-8', terminator: 'CR', allowIps: [] })
  /** A new connection: a fresh session, logged in. */
  const connect = async () => {
    const s = new Sip2Session(circ, { loginRequired: true, throttle: new LoginThrottle(() => clock.now), peer: '127.0.0.1', now: () => clock.now })
    const send = async (line: string, seq?: number): Promise<string> => {
      const bytes = Buffer.from(line, 'utf8')
      const r = await s.handleFrame(seq === undefined ? bytes : appendTrailer(bytes, seq))
      return r.response?.toString('utf8') ?? '(none)'
    }
    t.equal(await send('9300CNkiosk|COpw|'), '941\r')
    return send
  }
  const q = <T>(sql: string): T => circ.db.prepare(sql).get() as T
  return { circ, clock, connect, q }
}

t.test('a renewal (29) with a blank date resent after a lost connection renews once; after the window it is a new renewal', async (t) => {
  const { clock, connect, q } = await setup(t)
  const a = await connect()
  t.match(await a(`11NN${D}${B}AOVN-HN|AAP1|ABI1|`), /^121/)
  const renew = `29NN${B}${B}AOVN-HN|AAP1|ABI1|`
  const first = await a(renew)
  t.match(first, /^301Y/)
  const b = await connect()
  t.equal(await b(renew), first, 'the resend over a new connection gets the first answer')
  t.equal(q<{ n: number }>('SELECT renewals AS n FROM circ_loans').n, 1, 'one renewal consumed')
  clock.now += UNDATED_WINDOW_MS + 1000
  t.match(await b(renew), /^301Y/)
  t.equal(q<{ n: number }>('SELECT renewals AS n FROM circ_loans').n, 2, 'after the window the same request is a new renewal')
})

t.test('with error detection, the AY sequence number is part of the key: same AY is a resend, the next AY a new request', async (t) => {
  const { connect, q } = await setup(t)
  const a = await connect()
  t.match(await a(`11NN${D}${B}AOVN-HN|AAP1|ABI1|`, 1), /^121/)
  const renew = `29NN${B}${B}AOVN-HN|AAP1|ABI1|`
  const first = await a(renew, 2)
  t.match(first, /^301Y.*AY2AZ/)
  const b = await connect()
  t.equal(await b(renew, 2), first, 'same bytes (AY2) on a new connection: replayed')
  t.equal(q<{ n: number }>('SELECT renewals AS n FROM circ_loans').n, 1)
  t.match(await b(renew, 3), /^301Y.*AY3AZ/)
  t.equal(q<{ n: number }>('SELECT renewals AS n FROM circ_loans').n, 2, 'a new sequence number: a new renewal')
})

t.test('a fee payment (37) with a blank date resent executes once; a different transaction id is a new payment', async (t) => {
  const { circ, connect, q } = await setup(t)
  circ.db.prepare("INSERT INTO circ_fees (patron, type, amount, currency, description, created_at) VALUES ('P1', '01', 10000, 'VND', 'card', 0)").run()
  const pay = `37${B}0400VNDBV2000|AOVN-HN|AAP1|BKT1|`
  const a = await connect()
  const first = await a(pay)
  t.match(first, /^38Y/)
  const b = await connect()
  t.equal(await b(pay), first, 'resend answered from the first payment')
  t.same(q<{ n: number, paid: number }>('SELECT count(*) AS n, (SELECT paid FROM circ_fees) AS paid FROM circ_payments'), { n: 1, paid: 2000 })
  t.match(await b(`37${B}0400VNDBV2000|AOVN-HN|AAP1|BKT2|`), /^38Y/)
  t.same(q<{ n: number, paid: number }>('SELECT count(*) AS n, (SELECT paid FROM circ_fees) AS paid FROM circ_payments'), { n: 2, paid: 4000 })
})

t.test('checkout and checkin with a blank date stay keyless and safe by state', async (t) => {
  const { connect, q } = await setup(t)
  const a = await connect()
  const out = `11YN${B}${B}AOVN-HN|AAP1|ABI1|`
  t.match(await a(out), /^121NNY/)
  t.match(await a(out), /^121NNY.*AFItem already checked out to you\|/, 'a repeated checkout is answered as done, not renewed')
  t.same(q<{ n: number, r: number }>('SELECT count(*) AS n, sum(renewals) AS r FROM circ_loans'), { n: 1, r: 0 })
  const back = `09N${B}${B}APVN-HN|AOVN-HN|ABI1|`
  t.match(await a(back), /^101/)
  t.match(await a(back), /^101/, 'a repeated checkin answers ok')
  t.equal(q<{ n: number }>('SELECT count(*) AS n FROM circ_replay').n, 0, 'no replay entries for undated checkout/checkin')
})
