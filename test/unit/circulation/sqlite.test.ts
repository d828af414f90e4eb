// libgate's own circulation on a real SQLite file: rules, blocks, holds, fees, and exactly-once.
import t, { type Test } from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SqliteCirculation } from '../../../src/circulation/sqlite/adapter.js'
import { openSqlite } from '../../../src/store/sqlite/open.js'
import type { IncomingRecord } from '../../../src/model/record.js'
import { recordHoldings, type RecordHoldings } from '../../../mappings/marc21-holdings.js'
import type { Isil } from '../../../src/model/isil.js'

const DAY = 86_400_000
const LIB = 'VN-HN'

async function setup (t: Test): Promise<{ circ: SqliteCirculation, clock: { now: number }, file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'libgate-circ-'))
  const file = join(dir, 'libgate.db')
  const clock = { now: new Date(2026, 0, 10, 10, 0, 0).getTime() }
  const circ = new SqliteCirculation(file, () => clock.now)
  t.teardown(async () => { await circ.close(); rmSync(dir, { recursive: true, force: true }) })
  await circ.upsertPatrons([
    { barcode: 'P1', name: 'Nguyễn Văn An', pin: '1234', category: 'adult', expires: '2030-12-31', library: LIB, email: 'an@example.vn', phone: null },
    { barcode: 'P2', name: 'Trần Thị Bình', pin: '5678', category: 'adult', expires: '2030-12-31', library: LIB, email: null, phone: '0900' },
    { barcode: 'P3', name: 'Lê Hết Hạn', pin: '0000', category: 'adult', expires: '2020-01-01', library: LIB, email: null, phone: null },
  ])
  circ.upsertItems([
    { barcode: 'I1', record: 'r1', library: LIB, location: 'Stacks', callNumber: '895.9 NG', title: 'Truyện Kiều', media: '001' },
    { barcode: 'I2', record: 'r1', library: LIB, location: 'Stacks', callNumber: '895.9 NG c.2', title: 'Truyện Kiều', media: '001' },
    { barcode: 'I3', record: 'r2', library: 'VN-HCM', location: 'Stacks', callNumber: '', title: 'Số đỏ', media: '001' },
  ])
  return { circ, clock, file }
}

const co = (over: Record<string, unknown> = {}) => ({ institution: LIB, patronId: 'P1', itemId: 'I1', noBlock: false, renewalPolicy: false, feeAcknowledged: false, cancel: false, ...over })
const ci = (over: Record<string, unknown> = {}) => ({ institution: LIB, itemId: 'I1', location: LIB, noBlock: false, cancel: false, ...over })

t.test('PINs are stored hashed and checked', async (t) => {
  const { circ, file } = await setup(t)
  const raw = openSqlite(file)
  const row = raw.prepare('SELECT pin_hash FROM circ_patrons WHERE barcode = ?').get('P1') as { pin_hash: string }
  raw.close()
  t.match(row.pin_hash, /^scrypt\$4096\$8\$1\$/)
  t.notMatch(row.pin_hash, /1234/)
  t.equal((await circ.patron({ institution: LIB, patronId: 'P1', pin: '1234' }))?.patron.pinOk, true)
  t.equal((await circ.patron({ institution: LIB, patronId: 'P1', pin: '1234' }))?.patron.pinOk, true, 'cached verification')
  t.equal((await circ.patron({ institution: LIB, patronId: 'P1', pin: '9999' }))?.patron.pinOk, false)
  t.equal((await circ.patron({ institution: LIB, patronId: 'P1', pin: '' }))?.patron.pinOk, false, 'an empty PIN never validates')
  t.equal((await circ.patron({ institution: LIB, patronId: 'P1' }))?.patron.pinOk, undefined)
  t.equal(await circ.patron({ institution: LIB, patronId: 'nobody' }), null)
})

t.test('checkout, then the same checkout again: one loan, no renewal', async (t) => {
  const { circ, file } = await setup(t)
  const a = await circ.checkout(co({ txnKey: 'k1', renewalPolicy: true }))
  t.equal(a.ok, true)
  t.equal(a.desensitize, true)
  t.equal(a.item?.state, 'charged')
  t.equal(new Date(a.dueAt as number).getDate(), 24, '14 days by the default rule, end of day')
  const replay = await circ.checkout(co({ txnKey: 'k1', renewalPolicy: true }))
  t.same(replay, a, 'same key: the stored result, byte for byte')
  const again = await circ.checkout(co({ txnKey: 'k2', renewalPolicy: true }))
  t.equal(again.ok, true)
  t.equal(again.renewal, false, 'a repeat soon after never consumes a renewal')
  t.equal(again.dueAt, a.dueAt)
  const raw = openSqlite(file)
  t.equal((raw.prepare('SELECT count(*) AS n FROM circ_loans').get() as { n: number }).n, 1, 'one loan')
  t.equal((raw.prepare('SELECT renewals FROM circ_loans').get() as { renewals: number }).renewals, 0)
  raw.close()
})

t.test('concurrent identical checkouts in one group commit make one loan', async (t) => {
  const { circ, file } = await setup(t)
  const rs = await Promise.all([1, 2, 3].map(() => circ.checkout(co({ txnKey: 'same' }))))
  t.same(rs[1], rs[0])
  t.same(rs[2], rs[0])
  const raw = openSqlite(file)
  t.equal((raw.prepare('SELECT count(*) AS n FROM circ_loans').get() as { n: number }).n, 1)
  raw.close()
})

t.test('checkin twice: the second still answers ok; a fine is charged once', async (t) => {
  const { circ, clock, file } = await setup(t)
  await circ.checkout(co())
  clock.now += 17 * DAY // 3 days late (due end of day 14)
  const a = await circ.checkin(ci({ txnKey: 'c1' }))
  t.equal(a.ok, true)
  t.equal(a.resensitize, true)
  t.equal(a.patronId, 'P1')
  t.same(a.fine, { amount: '6000', currency: 'VND' }, '3 days x 2000')
  t.same(await circ.checkin(ci({ txnKey: 'c1' })), a, 'a resend gets the first answer')
  const b = await circ.checkin(ci({ txnKey: 'c2' }))
  t.equal(b.ok, true, 'a return that happened is never an error')
  t.equal(b.fine, null)
  const raw = openSqlite(file)
  t.equal((raw.prepare('SELECT count(*) AS n FROM circ_fees').get() as { n: number }).n, 1, 'one fee')
  raw.close()
  const p = await circ.patron({ institution: LIB, patronId: 'P1', list: { kind: 'fine', start: 1, end: 10 } })
  t.equal(p?.patron.feesOwed, '6000')
  t.match(p?.items[0], /^F\d+ 6000 VND overdue I1$/)
})

t.test('checkin of a copy with a hold waiting: trapped, patron and pickup told', async (t) => {
  const { circ, clock } = await setup(t)
  await circ.checkout(co())
  const h = await circ.hold({ institution: LIB, patronId: 'P2', mode: 'add', titleId: 'r1', pickup: LIB })
  t.equal(h.ok, true)
  t.equal(h.queuePosition, 1)
  t.equal(h.available, true, 'the other copy is on the shelf')
  clock.now += DAY
  const r = await circ.checkin(ci())
  t.equal(r.alert, true)
  t.same(r.hold, { patronId: 'P2', patronName: 'Trần Thị Bình', pickup: LIB, transit: false })
  t.equal(r.alertType, '01')
  t.equal(r.sortBin, 'HOLDS')
  t.equal(r.item?.state, 'on-hold-shelf')
  const again = await circ.checkin(ci())
  t.same(again.hold, r.hold, 'checked in again: the same hold, not the next one')
  const other = await circ.checkout(co({ patronId: 'P1' }))
  t.equal(other.ok, false, 'not for someone else')
  t.match(other.message, /hold for another patron/)
  const p2 = await circ.patron({ institution: LIB, patronId: 'P2', list: { kind: 'hold', start: 1, end: 5 } })
  t.equal(p2?.patron.counts.holdsAvailable, 1)
  t.same(p2?.items, ['I1'])
  const mine = await circ.checkout(co({ patronId: 'P2' }))
  t.equal(mine.ok, true, 'the hold patron gets it')
  t.equal((await circ.patron({ institution: LIB, patronId: 'P2' }))?.patron.counts.holdsAvailable, 0, 'hold fulfilled')
})

t.test('hold for another library: in transit', async (t) => {
  const { circ } = await setup(t)
  await circ.hold({ institution: LIB, patronId: 'P2', mode: 'add', itemId: 'I1', pickup: 'VN-HCM' })
  const r = await circ.checkin(ci())
  t.equal(r.alertType, '02')
  t.equal(r.hold?.transit, true)
  t.equal(r.item?.state, 'in-transit')
  const foreign = await circ.checkin(ci({ itemId: 'I3' }))
  t.equal(foreign.alertType, '04', 'a copy of another library goes home')
})

t.test('renewals: limit, and refused when someone else waits', async (t) => {
  const { circ, clock } = await setup(t)
  await circ.checkout(co())
  const r1 = await circ.renew({ institution: LIB, patronId: 'P1', itemId: 'I1', noBlock: false, feeAcknowledged: false })
  t.equal(r1.ok, true)
  t.equal(r1.renewal, true)
  await circ.renew({ institution: LIB, patronId: 'P1', itemId: 'I1', noBlock: false, feeAcknowledged: false })
  const r3 = await circ.renew({ institution: LIB, patronId: 'P1', itemId: 'I1', noBlock: false, feeAcknowledged: false })
  t.equal(r3.ok, false)
  t.equal(r3.message, 'Renewal limit reached')
  await circ.checkout(co({ itemId: 'I2' }))
  await circ.hold({ institution: LIB, patronId: 'P2', mode: 'add', titleId: 'r1' })
  const r4 = await circ.renew({ institution: LIB, patronId: 'P1', itemId: 'I2', noBlock: false, feeAcknowledged: false })
  t.equal(r4.ok, false)
  t.match(r4.message, /hold/)
  const all = await circ.renewAll({ institution: LIB, patronId: 'P1', feeAcknowledged: false })
  t.same(all.renewed, [])
  t.equal(all.unrenewed.length, 2)
  void clock
})

t.test('SC renewal policy: checkout of a copy held long enough renews it', async (t) => {
  const { circ, clock } = await setup(t)
  const a = await circ.checkout(co())
  clock.now += 3 * DAY
  const b = await circ.checkout(co({ renewalPolicy: true }))
  t.equal(b.renewal, true)
  t.ok((b.dueAt as number) > (a.dueAt as number))
})

t.test('blocks: expired card, fees over the limit, too many overdue; offline checkout still accepted', async (t) => {
  const { circ, clock } = await setup(t)
  const exp = await circ.patron({ institution: LIB, patronId: 'P3' })
  t.equal(exp?.patron.blocks.expired, true)
  t.equal(exp?.patron.chargeDenied, true)
  const refused = await circ.checkout(co({ patronId: 'P3' }))
  t.equal(refused.ok, false)
  t.equal(refused.message, 'Card expired')
  const offline = await circ.checkout(co({ patronId: 'P3', noBlock: true, at: clock.now - DAY, nbDueAt: clock.now + 5 * DAY }))
  t.equal(offline.ok, true, 'store-and-forward (no block = Y) is accepted')
  t.equal(offline.dueAt, clock.now + 5 * DAY, 'with the due date the device gave')

  await circ.checkout(co({ itemId: 'I2' }))
  clock.now += 120 * DAY
  await circ.checkin(ci({ itemId: 'I2' })) // 100000 cap on the fine
  const p = await circ.patron({ institution: LIB, patronId: 'P1' })
  t.equal(p?.patron.blocks.excessiveFees, true)
  t.equal(p?.patron.chargeDenied, true)
  const pay = await circ.feePaid({ institution: LIB, patronId: 'P1', amount: '60000', currency: 'VND', feeType: '04', paymentType: '00', txnKey: 'pay1' })
  t.equal(pay.accepted, true)
  t.same(await circ.feePaid({ institution: LIB, patronId: 'P1', amount: '60000', currency: 'VND', feeType: '04', paymentType: '00', txnKey: 'pay1' }), pay, 'a resent payment is not taken twice')
  t.equal((await circ.patron({ institution: LIB, patronId: 'P1' }))?.patron.feesOwed, '40000')
  const over = await circ.feePaid({ institution: LIB, patronId: 'P1', amount: '50000', currency: 'VND', feeType: '04', paymentType: '00' })
  t.equal(over.accepted, false, 'no overpayment')
  const usd = await circ.feePaid({ institution: LIB, patronId: 'P1', amount: '1.00', currency: 'USD', feeType: '04', paymentType: '00' })
  t.equal(usd.accepted, false)
})

t.test('cancel (BI): undo a checkout, undo a checkin', async (t) => {
  const { circ, clock, file } = await setup(t)
  await circ.checkout(co())
  const undo = await circ.checkin(ci({ cancel: true }))
  t.equal(undo.ok, true)
  t.equal((await circ.item({ institution: LIB, itemId: 'I1' }))?.state, 'available')
  await circ.checkout(co())
  clock.now += 20 * DAY
  await circ.checkin(ci())
  const redo = await circ.checkout(co({ cancel: true }))
  t.equal(redo.ok, true)
  t.equal((await circ.item({ institution: LIB, itemId: 'I1' }))?.state, 'charged', 'the loan is back')
  const raw = openSqlite(file)
  t.equal((raw.prepare('SELECT count(*) AS n FROM circ_fees').get() as { n: number }).n, 0, 'and the fine of the cancelled checkin is gone')
  raw.close()
})

t.test('block and enable a patron', async (t) => {
  const { circ } = await setup(t)
  const b = await circ.blockPatron({ institution: LIB, patronId: 'P1', cardRetained: true, reason: 'card retained' })
  t.equal(b?.blocks.blocked, true)
  t.equal((await circ.checkout(co())).ok, false)
  const e = await circ.enablePatron({ institution: LIB, patronId: 'P1' })
  t.equal(e?.blocks.blocked, false)
})

t.test('device accounts: scrypt, IP allow-list', async (t) => {
  const { circ } = await setup(t)
  await circ.upsertAccount({ login: 'kiosk1', password: 's3cret', institution: LIB, charset: 'utf-8', terminator: 'CR', allowIps: ['127.0.0.0/8'] })
  t.same(await circ.verifyDevice({ login: 'kiosk1', password: 's3cret', peer: '127.0.0.1' }), { ok: true, account: { login: 'kiosk1', institution: LIB, charset: 'utf-8', terminator: 'CR', allowIps: ['127.0.0.0/8'], requireChecksum: false } })
  t.same(await circ.verifyDevice({ login: 'kiosk1', password: 's3cret', peer: '::ffff:127.0.0.1' }), { ok: true, account: { login: 'kiosk1', institution: LIB, charset: 'utf-8', terminator: 'CR', allowIps: ['127.0.0.0/8'], requireChecksum: false } })
  t.same(await circ.verifyDevice({ login: 'kiosk1', password: 's3cret', peer: '10.1.1.1' }), { ok: false, reason: 'address-not-allowed' })
  t.same(await circ.verifyDevice({ login: 'kiosk1', password: 'wrong', peer: '127.0.0.1' }), { ok: false, reason: 'bad-credentials' })
  t.same(await circ.verifyDevice({ login: 'nobody', password: 'x', peer: '127.0.0.1' }), { ok: false, reason: 'bad-credentials' })
  await t.rejects(circ.upsertAccount({ login: 'k2', password: 'p', institution: LIB, charset: 'utf-8', terminator: 'CR', allowIps: ['10.0.0.0/33'] }), { code: 'LG_ERR_BAD_CIDR' })
})

t.test('holdings of imported records become items; deleted records withdraw theirs unless on loan', async (t) => {
  const { circ } = await setup(t)
  const rec = (id: string, fields: IncomingRecord['marc'] extends infer M ? M extends { fields: infer F } ? F : never : never, deleted = false): RecordHoldings => recordHoldings({
    id: { isil: LIB as Isil, localId: id }, format: 'marc21', deleted, sets: [], dc: null,
    marc: deleted ? null : { leader: '00000nam a2200000 a 4500', fields },
  })
  circ.syncHoldings([rec('m1', [{ tag: '001', value: 'm1' }, { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: 'Số đỏ /' }] },
      { tag: '852', ind1: ' ', ind2: ' ', subfields: [{ code: 'b', value: 'Kho mở' }, { code: 'h', value: '895.922' }, { code: 'i', value: 'V' }, { code: 'p', value: 'M1-1' }] },
      { tag: '952', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'HN' }, { code: 'o', value: '895.922 V' }, { code: 'p', value: 'M1-2' }] }]),
  ])
  const i = await circ.item({ institution: LIB, itemId: 'M1-1' })
  t.same([i?.title, i?.location, i?.callNumber, i?.state], ['Số đỏ', 'Kho mở', '895.922 V', 'available'])
  t.equal((await circ.item({ institution: LIB, itemId: 'M1-2' }))?.location, 'HN')
  await circ.checkout(co({ itemId: 'M1-1' }))
  circ.syncHoldings([rec('m1', [], true)])
  t.equal((await circ.item({ institution: LIB, itemId: 'M1-1' }))?.state, 'charged', 'on loan: kept')
  t.equal((await circ.item({ institution: LIB, itemId: 'M1-2' }))?.state, 'withdrawn')
  // a record re-imported without its 852: its MARC copies go, unless on loan
  circ.syncHoldings([rec('m2', [{ tag: '001', value: 'm2' }, { tag: '852', ind1: ' ', ind2: ' ', subfields: [{ code: 'p', value: 'M2-1' }] }])])
  t.equal((await circ.item({ institution: LIB, itemId: 'M2-1' }))?.state, 'available')
  t.same(circ.syncHoldings([rec('m2', [{ tag: '001', value: 'm2' }])]), { upserted: 0, withdrawn: 1 })
  t.equal((await circ.item({ institution: LIB, itemId: 'M2-1' }))?.state, 'withdrawn')
})

t.test('a batch with no copies, of records that had none, takes no write lock', async (t) => {
  const { circ, file } = await setup(t)
  const other = openSqlite(file)
  t.teardown(() => other.close())
  other.prepare('BEGIN IMMEDIATE').run() // another writer (an import's writer thread) holds the lock
  try {
    const plain = recordHoldings({ id: { isil: LIB as Isil, localId: 'x1' }, format: 'marc21', deleted: false, sets: [], dc: null, marc: { leader: '00000nam a2200000 a 4500', fields: [{ tag: '001', value: 'x1' }] } })
    t.same(circ.syncHoldings([plain, { ...plain, id: { isil: LIB as Isil, localId: 'x2' }, deleted: true, title: '' }]), { upserted: 0, withdrawn: 0 }, 'settled by reads alone')
  } finally {
    other.prepare('ROLLBACK').run()
  }
})

t.test('a hold left on the shelf past its shelf days stops blocking the copy; the next hold is trapped at checkin', async (t) => {
  const { circ, clock } = await setup(t)
  await circ.upsertPatrons([{ barcode: 'P4', name: 'Phạm Thị Dung', pin: '', category: 'adult', expires: '2030-12-31', library: LIB, email: null, phone: null }])
  await circ.checkout(co())
  t.equal((await circ.hold({ institution: LIB, patronId: 'P2', mode: 'add', itemId: 'I1', pickup: LIB })).ok, true)
  t.equal((await circ.hold({ institution: LIB, patronId: 'P4', mode: 'add', itemId: 'I1', pickup: LIB })).ok, true)
  clock.now += DAY // 2026-01-11 10:00
  const first = await circ.checkin(ci())
  t.equal(first.hold?.patronId, 'P2')
  const trapped = await circ.item({ institution: LIB, itemId: 'I1' })
  t.equal(trapped?.state, 'on-hold-shelf')
  t.equal(trapped?.holdExpiresAt, new Date(2026, 0, 18, 23, 59, 59).getTime(), '7 shelf days by the default rule, end of day')
  t.equal(trapped?.holdQueue, 1, 'P4 still waits')

  clock.now = new Date(2026, 0, 18, 23, 0, 0).getTime()
  t.equal((await circ.item({ institution: LIB, itemId: 'I1' }))?.state, 'on-hold-shelf', 'still on the shelf on its last day')
  t.match((await circ.checkout(co({ patronId: 'P1' }))).message, /hold for another patron/)

  clock.now = new Date(2026, 0, 19, 9, 0, 0).getTime()
  const after = await circ.item({ institution: LIB, itemId: 'I1' })
  t.equal(after?.state, 'available', 'expired on the shelf: no longer on hold (18 answers 03)')
  t.equal(after?.holdExpiresAt, null)
  t.equal(after?.holdQueue, 1)
  const p2 = await circ.patron({ institution: LIB, patronId: 'P2', list: { kind: 'hold', start: 1, end: 5 } })
  t.equal(p2?.patron.counts.holdsAvailable, 0, 'no longer in the patron\'s available holds')
  t.equal(p2?.patron.counts.holdsPending, 0)
  t.same(p2?.items, [])
  t.equal((circ.db.prepare("SELECT status FROM circ_holds WHERE patron = 'P2'").get() as { status: string }).status, 'expired')

  const second = await circ.checkin(ci())
  t.equal(second.hold?.patronId, 'P4', 'the copy moves on: trapped for the next hold')
  t.equal(second.alertType, '01')
  t.equal(second.item?.state, 'on-hold-shelf')
  t.equal(second.item?.holdExpiresAt, new Date(2026, 0, 26, 23, 59, 59).getTime())
  t.equal((await circ.patron({ institution: LIB, patronId: 'P4' }))?.patron.counts.holdsAvailable, 1)
})

t.test('an expired shelf hold does not block a checkout of the copy', async (t) => {
  const { circ, clock } = await setup(t)
  await circ.hold({ institution: LIB, patronId: 'P2', mode: 'add', itemId: 'I1', pickup: LIB })
  t.equal((await circ.checkin(ci())).hold?.patronId, 'P2')
  t.equal((await circ.checkout(co())).ok, false)
  clock.now += 9 * DAY
  const r = await circ.checkout(co())
  t.equal(r.ok, true, 'P1 may borrow it')
  t.equal(r.item?.state, 'charged')
  t.equal((await circ.hold({ institution: LIB, patronId: 'P2', mode: 'add', itemId: 'I1', pickup: LIB })).message, 'Hold placed', 'P2 may place a new hold; the expired one is gone')
})
