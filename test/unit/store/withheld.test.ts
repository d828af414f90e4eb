// Withheld records (research R-56): a suppressed or embargoed record is a tombstone to every reader
// (deleted with its sets, not searched, scanned, faceted or counted); lifting the suppression by an
// import, or the embargo's end through releaseWithheld, makes it live with a stamp above all others.
import t from 'tap'
import { rmSync } from 'node:fs'
import { term } from '../../../src/search/ast.js'
import { openSqlite } from '../../../src/store/sqlite/open.js'
import { BatchWriter } from '../../../src/store/sqlite/batch-writer.js'
import { nowUs, openSqliteRecordStore, THREAD_MIN_BATCH, type SqliteRecordStore } from '../../../src/store/sqlite/record-store.js'
import { incoming, ISIL, marc, tempStore } from './make.js'

const TITLE = 'Truyện Kiều'
const found = async (store: SqliteRecordStore, words: string): Promise<number> => (await store.search(term('title', words), { offset: 0, limit: 10 })).total
const scanned = async (store: SqliteRecordStore, heading: string): Promise<boolean> =>
  (await store.scan({ index: 'title', from: heading, before: 0, after: 1 })).some(e => e.term === heading)
const libraryCount = async (store: SqliteRecordStore): Promise<number> =>
  (await store.facets({ kind: 'all' }, [{ index: 'library', order: 'count', offset: 0, limit: 10 }]))[0].find(f => f.value === ISIL)?.count ?? 0
const parked = (store: SqliteRecordStore): number => (store.db.prepare('SELECT count(*) AS n FROM withheld_records').get() as { n: number }).n
const maxStamp = async (store: SqliteRecordStore): Promise<number> => store.latestStamp()
// Embargo ends in these tests lie a second or more ahead: a loaded CI machine must still write the
// record before its end, or it would be stored live and the test would see no withholding.
const sleepUntil = (us: number): Promise<void> => new Promise(resolve => setTimeout(resolve, Math.max(0, Math.ceil((us - nowUs()) / 1000)) + 5))

t.test('a suppressed record is a deleted one with its sets; unsuppressed it is live with a new stamp', async t => {
  const { store } = tempStore(t)
  const rec = marc('S1', TITLE)
  const id = { isil: ISIL, localId: 'S1' }
  await store.upsertBatch([incoming(rec), incoming(marc('S2', 'Lục Vân Tiên'))])
  const live = await store.get(id)
  t.equal(await found(store, 'truyen kieu'), 1)
  t.ok(await scanned(store, TITLE))

  t.same((await store.upsertBatch([incoming(rec, { withheldUntil: 'suppressed' })])).map(r => r.outcome), ['deleted'], 'counted as a deletion')
  const tomb = await store.get(id)
  t.equal(tomb?.deleted, true)
  t.equal(tomb?.marc, null, 'the body is never served')
  t.equal(tomb?.marcCompact, undefined)
  t.same(tomb?.sets, live?.sets, 'the sets it had')
  t.ok(tomb!.stamp > live!.stamp, 'the suppression moved the stamp')
  const changes = await store.listChanges({ fromStamp: tomb!.stamp, limit: 10 })
  t.same(changes.map(r => [r.id.localId, r.deleted, r.sets]), [['S1', true, live!.sets]], 'listChanges shows it deleted with its sets')
  t.same((await store.listChanges({ set: 'type:book', fromStamp: tomb!.stamp, limit: 10 })).map(r => [r.id.localId, r.deleted]), [['S1', true]], 'and so does a set harvest')
  t.equal(await found(store, 'truyen kieu'), 0, 'not found by search')
  t.notOk(await scanned(store, TITLE), 'not scanned')
  t.equal(await libraryCount(store), 1, 'not in facets')
  t.same(await store.stats(), { live: 1, deleted: 1 }, 'not counted as live')
  t.equal((await store.listSets()).find(s => s.spec === 'type:book')?.count, 1, 'not in set counts')

  t.same((await store.upsertBatch([incoming(rec, { withheldUntil: 'suppressed' })])).map(r => r.outcome), ['unchanged'], 'the same suppressed record again')
  t.equal((await store.get(id))?.stamp, tomb!.stamp, 'no stamp moved')
  t.equal(await store.releaseWithheld(nowUs() + 3600e6), 0, 'a suppression is not released by time')

  const before = await maxStamp(store)
  t.same((await store.upsertBatch([incoming(rec)])).map(r => r.outcome), ['updated'], 'unsuppressed')
  const back = await store.get(id)
  t.equal(back?.deleted, false)
  t.ok(back!.stamp > before, 'a new stamp above every earlier one')
  t.equal(await found(store, 'truyen kieu'), 1, 'searchable again')
  t.ok(await scanned(store, TITLE))
  t.equal(await libraryCount(store), 2)
  t.equal(parked(store), 0, 'nothing left parked')
})

t.test('a record new to the store may arrive suppressed; a deletion ends a withholding for good', async t => {
  const { store } = tempStore(t)
  t.same((await store.upsertBatch([incoming(marc('N1', TITLE), { withheldUntil: 'suppressed' })])).map(r => r.outcome), ['deleted'])
  t.equal((await store.get({ isil: ISIL, localId: 'N1' }))?.deleted, true)
  t.equal(await found(store, 'truyen kieu'), 0)
  const until = nowUs() + 1_000_000
  t.same((await store.upsertBatch([incoming(marc('N2', 'Chinh phụ ngâm'), { withheldUntil: until })])).map(r => r.outcome), ['deleted'])
  const stamp = (await store.get({ isil: ISIL, localId: 'N2' }))!.stamp
  t.same((await store.upsertBatch([incoming(marc('N2', 'x'), { deleted: true })])).map(r => r.outcome), ['unchanged'], 'already a tombstone to readers')
  t.equal((await store.get({ isil: ISIL, localId: 'N2' }))?.stamp, stamp)
  await sleepUntil(until)
  t.equal(await store.releaseWithheld(nowUs()), 0, 'a deleted record is never released')
  t.equal((await store.get({ isil: ISIL, localId: 'N2' }))?.deleted, true)
  t.equal(parked(store), 1, 'only the suppressed one is parked')
})

t.test('an embargo withholds until its end; releaseWithheld then makes it live, once', async t => {
  const { store } = tempStore(t)
  const rec = marc('E1', TITLE)
  const id = { isil: ISIL, localId: 'E1' }
  await store.upsertBatch([incoming(marc('E0', 'Lục Vân Tiên'))])
  const until = nowUs() + 1_500_000
  t.same((await store.upsertBatch([incoming(rec, { withheldUntil: until })])).map(r => r.outcome), ['deleted'])
  const held = await store.get(id)
  t.equal(held?.deleted, true)
  t.equal(await found(store, 'truyen kieu'), 0)
  t.same((await store.upsertBatch([incoming(rec, { withheldUntil: until })])).map(r => r.outcome), ['unchanged'], 'the same embargo again')
  t.same((await store.upsertBatch([incoming(rec, { withheldUntil: until + 1 })])).map(r => r.outcome), ['deleted'], 'another end is parked')
  t.equal((await store.get(id))?.stamp, held!.stamp, 'still the same tombstone to readers')
  t.same((await store.upsertBatch([incoming(rec, { withheldUntil: until })])).map(r => r.outcome), ['deleted'], 'and back')

  t.equal(await store.releaseWithheld(nowUs()), 0, 'not due yet')
  t.equal(await store.releaseWithheld(until + 3600e6), 0, 'never ahead of the store clock')
  t.equal((await store.get(id))?.deleted, true)

  await sleepUntil(until)
  const before = await maxStamp(store)
  const stableBefore = await store.stableStamp()
  t.equal(await store.releaseWithheld(nowUs()), 1)
  const live = await store.get(id)
  t.equal(live?.deleted, false)
  t.ok(live!.stamp > before, 'a stamp above all earlier ones')
  t.ok(live!.stamp >= until, 'not before the embargo ended')
  t.ok(live!.stamp > stableBefore, 'after what stableStamp said before the release')
  t.ok(await store.stableStamp() >= live!.stamp, 'and below what it says now')
  t.same((await store.listChanges({ after: { stamp: stableBefore }, limit: 10 })).map(r => [r.id.localId, r.deleted]), [['E1', false]], 'an incremental list sees it live')
  t.same(live?.sets, ['library:VN-TEST', 'type:book'])
  t.equal((await store.listSets()).find(s => s.spec === 'type:book')?.count, 2, 'its sets are live')
  t.equal(await found(store, 'truyen kieu'), 1, 'searchable')
  t.ok(await scanned(store, TITLE))
  t.equal(await libraryCount(store), 2)

  t.equal(await store.releaseWithheld(nowUs()), 0, 'idempotent')
  t.equal((await store.get(id))?.stamp, live!.stamp)
  t.same((await store.upsertBatch([incoming(rec, { withheldUntil: until })])).map(r => r.outcome), ['unchanged'], 'a re-import naming the past date is the live record')
})

t.test('an embargo already over is no withholding', async t => {
  const { store } = tempStore(t)
  t.same((await store.upsertBatch([incoming(marc('P1', TITLE), { withheldUntil: nowUs() - 1 })])).map(r => r.outcome), ['added'])
  t.equal(await found(store, 'truyen kieu'), 1)
  t.equal(parked(store), 0)
})

t.test('a release holds stableStamp below its stamps while in flight (the write intent of batches)', async t => {
  const { store, file } = tempStore(t)
  const until = nowUs() + 1_000_000
  await store.upsertBatch([incoming(marc('I1', TITLE), { withheldUntil: until }), incoming(marc('I2', TITLE), { withheldUntil: until })])
  await sleepUntil(until)
  const other = openSqlite(file)
  t.teardown(() => other.close())
  const seen: Array<Promise<number>> = []
  // stableStamp as another connection sees it each time the writer reads its clock inside the transaction
  const writer = new BatchWriter(other, () => { const v = nowUs(); if (other.inTransaction) seen.push(store.stableStamp()); return v })
  t.equal(writer.release(nowUs()), 2)
  const stamps = [(await store.get({ isil: ISIL, localId: 'I1' }))!.stamp, (await store.get({ isil: ISIL, localId: 'I2' }))!.stamp]
  const stable = await Promise.all(seen)
  t.ok(stable.length >= 2, `${stable.length} looks`)
  t.ok(stable.every(s => s < Math.min(...stamps)), 'a harvest capped by stableStamp meanwhile ends below the released records')
})

t.test('withheld rows cross to the writer thread', async t => {
  const { store } = tempStore(t)
  const n = THREAD_MIN_BATCH + 10
  const rows = (until: number) => Array.from({ length: n }, (_, i) => incoming(marc(`W${i}`, `${TITLE} ${i}`), i % 10 === 0 ? { withheldUntil: i % 20 === 0 ? 'suppressed' : until } : {}))
  await store.upsertBatch(rows(nowUs() + 3600e6)) // starts the thread (slow under the test loader)
  const until = nowUs() + 1_500_000
  const outcomes = (await store.upsertBatch(rows(until))).map(r => r.outcome)
  t.equal(outcomes.filter(o => o === 'deleted').length, 13, 'the embargoes with another end')
  t.same(await store.stats(), { live: n - 27, deleted: 27 })
  t.same((await store.upsertBatch(rows(until))).filter(r => r.outcome !== 'unchanged'), [], 'unchanged on re-import')
  await sleepUntil(until)
  t.equal(await store.releaseWithheld(nowUs()), 13, 'the embargoed ones, not the suppressed')
  t.same(await store.stats(), { live: n - 14, deleted: 14 })
})

t.test('a store made by the previous version (schema 1) opens, migrates and withholds', async t => {
  const { store, file } = tempStore(t)
  await store.upsertBatch([incoming(marc('M1', TITLE))])
  await store.close()
  // Schema 1 is schema 2 without withheld_records.
  const old = openSqlite(file)
  old.exec("DROP TABLE withheld_records; UPDATE schema_versions SET version = 1 WHERE namespace = 'records'")
  old.close()
  const again = openSqliteRecordStore(file)
  t.teardown(async () => { await again.close(); rmSync(file, { force: true }) })
  t.equal((again.db.prepare("SELECT version FROM schema_versions WHERE namespace = 'records'").get() as { version: number }).version, 3, 'and on to the latest')
  t.equal((await again.get({ isil: ISIL, localId: 'M1' }))?.deleted, false, 'its records are kept')
  t.same((await again.upsertBatch([incoming(marc('M1', TITLE), { withheldUntil: 'suppressed' })])).map(r => r.outcome), ['deleted'])
  t.equal(await found(again, 'truyen kieu'), 0)
})

t.test('a release waits for the batches in flight on the writer thread', async t => {
  const { store } = tempStore(t)
  await store.upsertBatch(Array.from({ length: THREAD_MIN_BATCH }, (_, i) => incoming(marc(`B${i}`, `${TITLE} ${i}`)))) // starts the thread
  const until = nowUs() + 1_000_000
  await store.upsertBatch([incoming(marc('E1', TITLE), { withheldUntil: until })])
  await sleepUntil(until)
  const inflight = store.upsertBatch(Array.from({ length: THREAD_MIN_BATCH }, (_, i) => incoming(marc(`C${i}`, `Lục Vân Tiên ${i}`))))
  t.equal(await store.releaseWithheld(nowUs()), 0, 'deferred: a write on the store connection now would overtake the batch')
  await inflight
  t.equal(await store.releaseWithheld(nowUs()), 1, 'released once the batch is written')
  t.equal((await store.get({ isil: ISIL, localId: 'E1' }))?.deleted, false)
})
