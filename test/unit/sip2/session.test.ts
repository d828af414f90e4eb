// The SIP2 session without sockets, over a fake circulation port (STYLE.md P7).
import t from 'tap'
import iconv from 'iconv-lite'
import { appendTrailer, readTrailer } from '../../../protocols/sip2/codec/checksum.js'
import { Sip2Session } from '../../../protocols/sip2/session.js'
import { LoginThrottle } from '../../../protocols/sip2/throttle.js'
import { fakeCirculation } from '../../helpers/sip2-fake-circulation.js'
import { D, B } from '../../fixtures/sip2/codec-cases.js'

const NOW = new Date(2026, 0, 10, 10, 0, 0).getTime()
const DATE = '20260110    100000'

function session (over: Parameters<typeof fakeCirculation>[0] = {}, loginRequired = true) {
  const circ = fakeCirculation(over)
  const s = new Sip2Session(circ, { loginRequired, throttle: new LoginThrottle(() => NOW), peer: '127.0.0.1', now: () => NOW })
  const send = async (line: string | Buffer): Promise<string> => {
    const r = await s.handleFrame(Buffer.isBuffer(line) ? line : Buffer.from(line, 'utf8'))
    return r.response === null ? '(none)' : r.response.toString('utf8')
  }
  return { s, circ, send }
}

async function loggedIn () {
  const x = session()
  await x.send('9300CNkiosk|COpw|')
  return x
}

t.test('login is required; a failed login is refused; 94 answers', async (t) => {
  const { send } = session()
  t.match(await send(`23000${D}AOVN-HN|AAP1|`), /^24YYYY {10}000\d{8} {4}\d{6}AOVN-HN\|AAP1\|AE\|BLN\|AFLogin required\|\r$/)
  t.match(await send('9900302.00'), /^98NNNNNN000003\d{8} {4}\d{6}2\.00AO\|BXNNNNNNNNNNNNNNNN\|AFLogin required\|\r$/, '99 before login: off-line')
  t.equal(await send('9300CNkiosk|COwrong|'), '940\r')
  t.equal(await send('9300CNkiosk|COpw|'), '941\r')
  t.match(await send('9900302.00'), new RegExp(`^98YYYYYY050003${DATE}2\\.00AOVN-HN\\|AMVN-HN\\|BXYYYYYYYYYYYYYYYY\\|\r$`), '98: on-line, every message, timeout and retries')
})

t.test('failed logins are rate-limited', async (t) => {
  const { send, circ } = session()
  for (let i = 0; i < 5; i++) t.equal(await send('9300CNkiosk|COwrong|'), '940\r')
  const before = circ.calls.length
  t.equal(await send('9300CNkiosk|COpw|'), '940\r', 'locked out even with the right password')
  t.equal(circ.calls.length, before, 'without checking it')
})

t.test('login not required: AO names the institution', async (t) => {
  const { send, circ } = session({}, false)
  t.match(await send(`23000${D}AOVN-X|AAP1|`), /^24 {14}000/)
  t.equal(circ.calls[0][1].institution, 'VN-X')
})

t.test('error detection: AY echoed, AZ over the bytes; 96 on a bad checksum; 97 resends', async (t) => {
  const { send, circ } = await loggedIn()
  const r = await send('9900302.00AY1AZFCA5')
  t.match(r, /AY1AZ[0-9A-F]{4}\r$/)
  t.ok(readTrailer(Buffer.from(r.slice(0, -1), 'utf8')).checksumOk, 'our checksum verifies')
  t.equal(await send('97'), r, '97 resends the last response unchanged')
  t.equal(await send('97AZFEF5'), r)
  const calls = circ.calls.length
  t.equal(await send('9900302.00AY1AZfca5'), r, 'the same AY and AZ again (lowercase hex): replayed, not executed')
  t.equal(circ.calls.length, calls)
  t.equal(await send(`2300120261124    205252AOVN-HN|AAP1|AD6789|AY5AZ0000`), '96AZFEF6\r', 'bad checksum -> 96 with AZ, no AY')
  t.equal(await send('97'), '96AZFEF6\r', '97 after a 96 resends the 96')
})

t.test('97 before anything was sent gets 96', async (t) => {
  const { send } = session()
  t.equal(await send('97AZFEF5'), '96AZFEF6\r')
})

t.test('unknown commands are ignored and the connection stays usable; garbage gets a negative answer', async (t) => {
  const { send } = await loggedIn()
  t.equal(await send('XX123'), '(none)')
  t.equal(await send('\u0001\u0002'), '(none)')
  t.match(await send('11YN2026'), /^120NNN\d{8} {4}\d{6}AO\|AA\|AB\|AJ\|AH\|AFMalformed message\|\r$/)
  t.match(await send('9900302.00'), /^98YYYYYY/)
})

t.test('the device serves one institution', async (t) => {
  const { send, circ } = await loggedIn()
  t.match(await send(`11YN${D}${B}AOVN-OTHER|AAP1|ABI1|`), /^120NNN.*AFThis device serves institution VN-HN\|\r$/)
  t.equal(circ.calls.filter(([n]) => n === 'checkout').length, 0)
})

t.test('23 patron status: flags, BL, CQ only when a PIN was offered, money', async (t) => {
  const { send } = await loggedIn()
  t.equal(await send(`23000${D}AOVN-HN|AAP1|ACx|AD1234|`), `24              000${DATE}AOVN-HN|AAP1|AENguyễn Văn An|BLY|CQY|BHVND|BV0|\r`)
  t.equal(await send(`23000${D}AOVN-HN|AAP1|`), `24              000${DATE}AOVN-HN|AAP1|AENguyễn Văn An|BLY|BHVND|BV0|\r`)
  t.match(await send(`23000${D}AOVN-HN|AAP1|AD9|`), /\|CQN\|/)
  t.match(await send(`23000${D}AOVN-HN|AAnobody|`), /^24YYYY {10}000.*\|BLN\|AFUnknown patron\|\r$/)
})

t.test('63 patron information: the summary picks the list, BP/BQ the range', async (t) => {
  const { send, circ } = await loggedIn()
  const r = await send(`63000${D}  Y       AOVN-HN|AAP1|BP2|BQ3|`)
  t.equal(r, `64              000${DATE}000000010002000000000001AOVN-HN|AAP1|AENguyễn Văn An|BZ0005|CA0003|CB0010|BLY|BHVND|BV0|CC50000|AUI1|AUI2|BEan@example.vn|\r`)
  t.same(circ.calls.at(-1)?.[1].list, { kind: 'charged', start: 2, end: 3 })
  await send(`63000${D}     Y    AOVN-HN|AAP1|`)
  t.same(circ.calls.at(-1)?.[1].list, { kind: 'unavailable-hold', start: 1, end: 100 })
  await send(`63000${D}          AOVN-HN|AAP1|`)
  t.equal(circ.calls.at(-1)?.[1].list, undefined)
})

t.test('11 checkout: fields, replay key from content (AY/AZ and PIN excluded), offline dates', async (t) => {
  const { send, circ } = await loggedIn()
  t.equal(await send(`11YN${D}${B}AOVN-HN|AAP1|ABI1|AD1234|`), `121NNY${DATE}AOVN-HN|AAP1|ABI1|AJTruyện Kiều|AH20260124    235959|CK001|\r`)
  await send(`11YN${D}${B}AOVN-HN|AAP1|ABI1|AD9999|`)
  const [a, b] = circ.calls.filter(([n]) => n === 'checkout').map(([, r]) => r)
  t.type(a.txnKey, 'string')
  t.equal(a.txnKey, b.txnKey, 'a retry carries the same key')
  t.equal(a.renewalPolicy, true)
  await send(`11YY${D}20260201    120000AOVN-HN|AAP1|ABI1|`)
  const off = circ.calls.at(-1)?.[1] as Record<string, unknown>
  t.equal(off.noBlock, true)
  t.equal(off.nbDueAt, new Date(2026, 1, 1, 12).getTime())
  t.equal(off.at, new Date(2026, 10, 24, 20, 52, 52).getTime(), 'the original transaction date')
  t.notSame(off.txnKey, a.txnKey)
  await send(`11YN${B}${B}AOVN-HN|AAP1|ABI1|`)
  t.equal(circ.calls.at(-1)?.[1].txnKey, undefined, 'no transaction date: no replay key')
  await send(`11YN${D}${B}AOVN-HN|AAP1|ABI1|BIY|`)
  t.equal(circ.calls.at(-1)?.[1].cancel, true, 'BI cancel')
})

t.test('09 checkin with a hold waiting for another library', async (t) => {
  const { send } = await loggedIn()
  t.equal(await send(`09N${D}${D}APVN-HN|AOVN-HN|ABI1|`),
    `101YNY${DATE}AOVN-HN|ABI1|AQStacks|AJTruyện Kiều|CLTRANSIT|AAP1|CK001|CS895.9 NG|CTVN-HCM|CV02|CYP2|DATrần Thị Bình|AFHold: send to VN-HCM|\r`)
})

t.test('the other messages', async (t) => {
  const { send } = await loggedIn()
  t.match(await send(`01N${D}AOVN-HN|ALlost|AAP1|`), /^24YYYYY {9}000/)
  t.match(await send(`25${D}AOVN-HN|AAP1|`), /^26 {14}000/)
  t.equal(await send(`35${D}AOVN-HN|AAP1|`), `36Y${DATE}AOVN-HN|AAP1|\r`)
  t.equal(await send(`37${D}0400VNDBV2000|AOVN-HN|AAP1|`), `38Y${DATE}AOVN-HN|AAP1|BKP7|\r`)
  t.equal(await send(`17${D}AOVN-HN|ABI1|`), `18040201${DATE}AH20260124    235959|ABI1|AJTruyện Kiều|BGVN-HN|CK001|AQStacks|CS895.9 NG|\r`)
  t.equal(await send(`19${D}AOVN-HN|ABI1|CHafi=07|`), `201${DATE}ABI1|AJTruyện Kiều|CHafi=07|\r`)
  t.equal(await send(`15+${D}AOVN-HN|AAP1|AJr1|`), `161N${DATE}BR2|BSVN-HN|AOVN-HN|AAP1|AJTruyện Kiều|\r`)
  t.match(await send(`15x${D}AOVN-HN|AAP1|AJr1|`), /^160N.*AFHold mode must be \+, - or \*\|\r$/)
  t.equal(await send(`29NN${D}${B}AOVN-HN|AAP1|ABI1|`), `301YNN${DATE}AOVN-HN|AAP1|ABI1|AJTruyện Kiều|AH20260124    235959|CK001|\r`)
  t.equal(await send(`65${D}AOVN-HN|AAP1|`), `66100010001${DATE}AOVN-HN|BMI1|BNI2 Renewal limit reached|\r`)
})

t.test('character set per device account; checksum over the encoded bytes', async (t) => {
  for (const [charset, name] of [['windows-1258', 'Nguyễn Văn An'], ['cp850', 'Nguyen Van An'], ['ascii', 'Nguyen Van An']] as const) {
    const { send, s } = session({ verifyDevice: async () => ({ ok: true, account: { login: 'k', institution: 'VN-HN', charset, terminator: 'CRLF', allowIps: [] } }) })
    await send('9300CNk|COp|')
    const req = Buffer.from(`23000${D}AOVN-HN|AAP1|`, 'latin1')
    const out = (await s.handleFrame(appendTrailer(req, 4))).response as Buffer
    t.equal(out.subarray(-2).toString('latin1'), '\r\n', `${charset}: CRLF terminator per account`)
    t.ok(readTrailer(out.subarray(0, -2)).checksumOk, `${charset}: checksum over encoded bytes`)
    const text = charset === 'windows-1258' ? iconv.decode(out, 'windows1258').normalize('NFC') : iconv.decode(out, charset === 'cp850' ? 'cp850' : 'latin1')
    t.match(text, `|AE${name}|`, `${charset}: name`)
  }
})

t.test('a kiosk with a wrong password does not lock out another login from the same address', async (t) => {
  const throttle = new LoginThrottle(() => NOW)
  const circ = fakeCirculation()
  const bad = new Sip2Session(circ, { loginRequired: true, throttle, peer: '10.0.0.9', now: () => NOW })
  for (let i = 0; i < 10; i++) await bad.handleFrame(Buffer.from('9300CNother|COwrong|'))
  const good = new Sip2Session(circ, { loginRequired: true, throttle, peer: '10.0.0.9', now: () => NOW })
  t.equal((await good.handleFrame(Buffer.from('9300CNkiosk|COpw|'))).response?.toString(), '941\r')
  for (let i = 0; i < 60; i++) await bad.handleFrame(Buffer.from(`9300CNguess${i}|COwrong|`))
  t.equal((await good.handleFrame(Buffer.from('9300CNkiosk|COpw|'))).response?.toString(), '940\r', 'an address trying many logins is slowed down as a whole')
})

t.test('an account that requires error detection: without AY/AZ a request gets 96 and is not executed; 98 says so', async (t) => {
  const strict = { verifyDevice: async () => ({ ok: true as const, account: { login: 'k', institution: 'VN-HN', charset: 'utf-8', terminator: 'CR' as const, allowIps: [], requireChecksum: true } }) }
  const { s, send, circ } = session(strict)
  const ed = async (line: string, seq: number): Promise<string> => (await s.handleFrame(appendTrailer(Buffer.from(line, 'utf8'), seq))).response?.toString('utf8') ?? '(none)'
  t.equal(await send('9300CNk|COp|'), '940\r', 'a 93 without AY/AZ is refused')
  t.equal(await send('9900302.00'), '98NNNNNN000003' + `${DATE}2.00AO|BXNNNNNNNNNNNNNNNN|AFLogin required|\r`, 'not logged in')
  t.match(await ed('9300CNk|COp|', 0), /^941AY0AZ[0-9A-F]{4}\r$/)
  const status = await ed('9900302.00', 1)
  t.match(status, /^98YYYYYY050003.*\|AFError detection required: send AY and AZ\|AY1AZ[0-9A-F]{4}\r$/, '98 advertises it')
  t.ok(readTrailer(Buffer.from(status.slice(0, -1), 'utf8')).checksumOk)
  const bare = await send('9900302.00')
  t.match(bare, /^98NNNNNN000003.*\|AFError detection required: send AY and AZ\|AZ[0-9A-F]{4}\r$/, 'a 99 without AY/AZ: off-line, with the reason')
  t.ok(readTrailer(Buffer.from(bare.slice(0, -1), 'utf8')).checksumOk)
  const before = circ.calls.length
  t.equal(await send(`11YN${D}${B}AOVN-HN|AAP1|ABI1|`), '96AZFEF6\r', 'a checkout without AY/AZ: 96')
  t.equal(await send(`23000${D}AOVN-HN|AAP1|`), '96AZFEF6\r')
  t.equal(circ.calls.length, before, 'nothing executed')
  t.equal(await send('97'), '96AZFEF6\r', '97 resends the 96')
  t.match(await ed(`11YN${D}${B}AOVN-HN|AAP1|ABI1|`, 2), /^121NNY.*AY2AZ[0-9A-F]{4}\r$/, 'with AY/AZ: executed')
  t.equal(circ.calls.filter(([n]) => n === 'checkout').length, 1)
})

t.test('an account without the switch accepts messages with and without AY/AZ', async (t) => {
  const { send } = await loggedIn()
  t.match(await send('9900302.00'), /^98YYYYYY050003[^\r]*BXY{16}\|\r$/, 'no AF on its 98')
  t.match(await send(`23000${D}AOVN-HN|AAP1|`), /^24/)
})
