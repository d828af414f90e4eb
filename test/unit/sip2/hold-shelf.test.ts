// Holds left on the shelf past their shelf days (issue 5), as the kiosk sees them: 17/18 and 09/10
// through the SIP2 session over the real SQLite circulation, with an injected clock.
import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Sip2Session } from '../../../protocols/sip2/session.js'
import { LoginThrottle } from '../../../protocols/sip2/throttle.js'
import { SqliteCirculation } from '../../../src/circulation/sqlite/adapter.js'
import { D, B } from '../../fixtures/sip2/codec-cases.js'

const LIB = 'VN-HN'

t.test('18 and 10 after a hold expired on the shelf: the copy is free, then trapped for the next hold', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'libgate-sip2-shelf-'))
  const clock = { now: new Date(2026, 0, 10, 10, 0, 0).getTime() }
  const circ = new SqliteCirculation(join(dir, 'libgate.db'), () => clock.now)
  t.teardown(async () => { await circ.close(); rmSync(dir, { recursive: true, force: true }) })
  await circ.upsertPatrons([
    { barcode: 'P2', name: 'Trần Thị Bình', pin: '', category: 'adult', expires: '2030-12-31', library: LIB, email: null, phone: null },
    { barcode: 'P4', name: 'Phạm Thị Dung', pin: '', category: 'adult', expires: '2030-12-31', library: LIB, email: null, phone: null },
  ])
  circ.upsertItems([{ barcode: 'I1', record: 'r1', library: LIB, location: 'Stacks', callNumber: '', title: 'Truyện Kiều', media: '001' }])
  const s = new Sip2Session(circ, { loginRequired: false, throttle: new LoginThrottle(() => clock.now), peer: '127.0.0.1', now: () => clock.now })
  const send = async (line: string): Promise<string> => (await s.handleFrame(Buffer.from(line, 'utf8'))).response?.toString('utf8') ?? '(none)'

  t.match(await send(`15+${D}AOVN-HN|AAP2|ABI1|BSVN-HN|`), /^161/)
  t.match(await send(`15+${D}AOVN-HN|AAP4|ABI1|BSVN-HN|`), /^161/)
  t.match(await send(`09N${B}${B}APVN-HN|AOVN-HN|ABI1|`), /^101YNY.*\|CV01\|CYP2\|/, 'trapped for P2')
  t.match(await send(`17${B}AOVN-HN|ABI1|`), /^1808.*CF1\|.*CM20260117    235959\|/, '18: on the hold shelf (08) until the end of 17 January, one more hold queued')
  t.match(await send(`63000${D}Y         AOVN-HN|AAP2|`), /^64.{35}0001.*\|ASI1\|/, 'P2 sees it among available holds')

  clock.now = new Date(2026, 0, 19, 9, 0, 0).getTime()
  const info = await send(`17${B}AOVN-HN|ABI1|`)
  t.match(info, /^1803/, '18: available (03) once the shelf time ran out')
  t.notMatch(info, /\|CM/, 'no hold pickup date any more')
  t.notMatch(await send(`63000${D}Y         AOVN-HN|AAP2|`), /\|AS/, 'gone from P2\'s available holds')
  t.match(await send(`09N${B}${B}APVN-HN|AOVN-HN|ABI1|`), /^101YNY.*\|CV01\|CYP4\|DAPhạm Thị Dung\|/, '10: the copy moves on to P4')
  t.match(await send(`17${B}AOVN-HN|ABI1|`), /^1808.*CM20260126    235959\|/)
})
