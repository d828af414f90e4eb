import t from 'tap'
import { openSqlite } from '../../../src/store/sqlite/open.js'
import { INTENT_TTL_US, nowUs, PREPARE_CHUNK } from '../../../src/store/sqlite/record-store.js'
import type { StoredRecord } from '../../../src/model/record.js'
import type { Isil } from '../../../src/model/isil.js'
import type { DataField } from '../../../src/model/marc.js'
import { incoming, ISIL, marc, tempStore } from './make.js'

function intents (store: { db: { prepare (s: string): { get (): unknown } } }): number {
  return (store.db.prepare('SELECT count(*) AS n FROM write_intents').get() as { n: number }).n
}

const serialLeader = '00000cas a2200000 a 4500'

function batchOf (from: number, n: number, serialEvery = 0): ReturnType<typeof incoming>[] {
  return Array.from({ length: n }, (_, i) => {
    const k = from + i
    return incoming(marc(`R${String(k).padStart(5, '0')}`, `Tên sách ${k}`, [], serialEvery > 0 && k % serialEvery === 0 ? serialLeader : undefined))
  })
}

async function harvest (store: Awaited<ReturnType<typeof tempStore>>['store'], q: { set?: string, fromStamp?: number, untilStamp?: number, format?: 'marc21' | 'dc' }, page: number): Promise<StoredRecord[]> {
  const out: StoredRecord[] = []
  let after: { stamp: number } | undefined
  for (;;) {
    const recs = await store.listChanges({ ...q, after, limit: page })
    out.push(...recs)
    if (recs.length < page) return out
    after = { stamp: recs[recs.length - 1].stamp }
  }
}

t.test('stamps are unique and strictly increasing across batches; outcomes are counted', async t => {
  const { store } = tempStore(t)
  const r1 = await store.upsertBatch(batchOf(0, 50))
  const r2 = await store.upsertBatch(batchOf(50, 50))
  t.same([...r1, ...r2].map(r => r.outcome), Array(100).fill('added'))
  const all = await harvest(store, {}, 1000)
  t.equal(all.length, 100)
  for (let i = 1; i < all.length; i++) t.ok(all[i].stamp > all[i - 1].stamp, 'strictly increasing')
  t.equal(new Set(all.map(r => r.stamp)).size, 100, 'unique')
  t.equal(all[0].datestamp.getTime(), Math.floor(all[0].stamp / 1000))
  t.same(await store.stats(), { live: 100, deleted: 0 })
  t.equal(await store.earliestStamp(), all[0].stamp)
})

t.test('re-importing an unchanged record keeps its stamp; a change moves it', async t => {
  const { store } = tempStore(t)
  await store.upsertBatch(batchOf(0, 10))
  const before = await harvest(store, {}, 100)
  const again = await store.upsertBatch(batchOf(0, 10))
  t.same(again.map(r => r.outcome), Array(10).fill('unchanged'))
  t.same((await harvest(store, {}, 100)).map(r => [r.id.localId, r.stamp, r.hash]), before.map(r => [r.id.localId, r.stamp, r.hash]), 'no stamp moved')
  const changed = incoming(marc('R00003', 'Tên sách mới'))
  t.same((await store.upsertBatch([changed])).map(r => r.outcome), ['updated'])
  const rec = await store.get(changed.id)
  t.ok(rec !== undefined && rec.stamp > before[before.length - 1].stamp, 'the updated record moved to the end')
  t.equal((rec?.marc?.fields[2] as DataField).subfields[0].value, 'Tên sách mới')
})

t.test('deletion makes a tombstone with its sets kept; deleting again is unchanged', async t => {
  const { store } = tempStore(t)
  await store.upsertBatch(batchOf(0, 3, 2)) // R00000 and R00002 are serials
  const live = await store.get({ isil: ISIL, localId: 'R00000' })
  t.same(live?.sets, ['library:VN-TEST', 'type:serial'])
  const del = incoming(marc('R00000', 'x'), { deleted: true })
  t.same((await store.upsertBatch([del])).map(r => r.outcome), ['deleted'])
  const tomb = await store.get(del.id)
  t.equal(tomb?.deleted, true)
  t.equal(tomb?.marc, null, 'body dropped')
  t.same(tomb?.sets, ['library:VN-TEST', 'type:serial'], 'sets kept')
  t.ok(tomb !== undefined && live !== undefined && tomb.stamp > live.stamp, 'deletion moved the stamp')
  t.same((await store.upsertBatch([del])).map(r => r.outcome), ['unchanged'])
  t.equal((await store.get(del.id))?.stamp, tomb?.stamp)
  const serials = await harvest(store, { set: 'type:serial' }, 10)
  t.same(serials.map(r => [r.id.localId, r.deleted]), [['R00002', false], ['R00000', true]], 'set harvest sees the deletion')
  const unknown = incoming(marc('NEVER', 'x'), { deleted: true })
  t.same((await store.upsertBatch([unknown])).map(r => r.outcome), ['deleted'], 'deleting an unknown id leaves a tombstone')
  t.same(await store.stats(), { live: 2, deleted: 2 })
  const sets = await store.listSets()
  t.same(sets.find(s => s.spec === 'type:serial'), { spec: 'type:serial', count: 1 }, 'tombstones are not counted')
  t.same(sets.find(s => s.spec === 'library'), { spec: 'library', count: 2 }, 'parent sets are listed')
  // A re-added record comes back to life with a new stamp.
  t.same((await store.upsertBatch([incoming(marc('R00000', 'again'))])).map(r => r.outcome), ['updated'])
  t.equal((await store.get(del.id))?.deleted, false)
})

t.test('keyset paging returns every record once, in stamp order, with set/from/until/format filters', async t => {
  const { store } = tempStore(t)
  for (let b = 0; b < 5; b++) await store.upsertBatch(batchOf(b * 40, 40, 3))
  await store.upsertBatch([incoming(marc('R00010', 'x'), { deleted: true })])
  const all = await harvest(store, {}, 7)
  t.equal(all.length, 200)
  t.equal(new Set(all.map(r => r.id.localId)).size, 200, 'each exactly once')
  t.same(all.map(r => r.stamp), [...all.map(r => r.stamp)].sort((a, b) => a - b), 'stamp order')
  t.equal(await store.countChanges({}), 200)
  const serial = await harvest(store, { set: 'type:serial' }, 5)
  t.same(serial.map(r => r.id.localId), all.filter(r => r.sets.includes('type:serial')).map(r => r.id.localId))
  t.equal(await store.countChanges({ set: 'type:serial' }), serial.length)
  t.equal((await harvest(store, { set: 'library' }, 9)).length, 200, 'a parent set holds all its children')
  const from = all[50].stamp
  const until = all[120].stamp
  const window = await harvest(store, { fromStamp: from, untilStamp: until }, 11)
  t.same(window.map(r => r.id.localId), all.slice(50, 121).map(r => r.id.localId), 'from/until inclusive')
  t.equal(await store.countChanges({ fromStamp: from, untilStamp: until }), 71)
  t.same((await harvest(store, { set: 'type:serial', fromStamp: from, untilStamp: until }, 4)).map(r => r.id.localId),
    all.slice(50, 121).filter(r => r.sets.includes('type:serial')).map(r => r.id.localId))
  t.equal((await harvest(store, { format: 'dc' }, 50)).length, 1, 'format filter keeps deletions only')
  t.equal((await harvest(store, { format: 'marc21' }, 50)).length, 200)
})

t.test('change lists use an index, never a full scan or a sort', async t => {
  const { store } = tempStore(t)
  await store.upsertBatch(batchOf(0, 20))
  const plan = (sql: string, ...p: unknown[]): string => (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...p) as Array<{ detail: string }>).map(r => r.detail).join(' | ')
  const p1 = plan('SELECT r.id, r.body, r.sets FROM records r WHERE r.stamp > ? AND r.stamp >= ? AND r.stamp <= ? ORDER BY r.stamp LIMIT ?', 0, 0, 1e18, 10)
  t.match(p1, /SEARCH r USING INDEX records_stamp \(stamp>\? AND stamp<\?\)/)
  t.notMatch(p1, /TEMP B-TREE/)
  const p2 = plan('SELECT r.id FROM record_sets s JOIN records r ON r.id = s.record WHERE s.set_spec = ? AND s.stamp > ? AND s.stamp >= ? AND s.stamp <= ? ORDER BY s.stamp LIMIT ?', 'type:book', 0, 0, 1e18, 10)
  t.match(p2, /SEARCH s USING PRIMARY KEY \(set_spec=\? AND stamp>\?/)
  t.notMatch(p2, /TEMP B-TREE/)
})

t.test('stableStamp stays below a write intent of another connection; stale intents are ignored', async t => {
  const { store, file } = tempStore(t)
  await store.upsertBatch(batchOf(0, 3))
  t.equal(intents(store), 0, 'a batch removes its own intent')
  const s0 = await store.stableStamp()
  t.ok(Math.abs(s0 - nowUs()) < 5_000_000, 'without intents: now')
  const other = openSqlite(file)
  t.teardown(() => other.close())
  const intentStamp = nowUs() - 2_000_000
  other.prepare('INSERT INTO write_intents (stamp, created) VALUES (?, ?)').run(intentStamp, Date.now() * 1000)
  t.equal(await store.stableStamp(), intentStamp - 1, 'held just below the intent')
  other.prepare('DELETE FROM write_intents').run()
  other.prepare('INSERT INTO write_intents (stamp, created) VALUES (?, ?)').run(intentStamp, Date.now() * 1000 - INTENT_TTL_US - 1_000_000)
  t.ok(await store.stableStamp() > intentStamp, 'an intent older than 10 minutes (a killed writer) is ignored')
  await store.upsertBatch(batchOf(3, 1))
  t.equal(intents(store), 0, 'the next writer cleans it up')
  // Every stamp a later batch commits is above what stableStamp said before it started.
  const stable = await store.stableStamp()
  await store.upsertBatch(batchOf(4, 5))
  const recent = await store.listChanges({ after: { stamp: stable }, limit: 100 })
  t.equal(recent.length, 5)
})

t.test('a batch is atomic: a failure inside it leaves nothing behind', async t => {
  const { store } = tempStore(t)
  const good = batchOf(0, 3)
  const bad = { ...batchOf(3, 1)[0], format: 'xx' as 'marc21' }
  await t.rejects(store.upsertBatch([...good, bad]))
  t.same(await store.stats(), { live: 0, deleted: 0 })
  t.equal((store.db.prepare('SELECT count(*) AS n FROM search_text').get() as { n: number }).n, 0)
  t.equal(intents(store), 0, 'the intent is gone too')
  t.same((await store.upsertBatch(good)).map(r => r.outcome), ['added', 'added', 'added'])
})

t.test('touchAll moves every live stamp and no tombstone', async t => {
  const { store } = tempStore(t)
  await store.upsertBatch(batchOf(0, 5))
  await store.upsertBatch([incoming(marc('R00001', 'x'), { deleted: true })])
  const before = await harvest(store, {}, 100)
  t.equal(await store.touchAll('crosswalk 2'), 4)
  const after = await harvest(store, {}, 100)
  const max = Math.max(...before.map(r => r.stamp))
  t.ok(after.filter(r => !r.deleted).every(r => r.stamp > max))
  t.equal(after.find(r => r.deleted)?.stamp, before.find(r => r.deleted)?.stamp)
  t.equal((await harvest(store, { set: 'type:book' }, 2)).length, 5, 'set rows follow the new stamps')
})

t.test('libraries, meta, ping, close', async t => {
  const { store } = tempStore(t)
  await store.upsertBatch([...batchOf(0, 2), incoming(marc('X1', 'y'), { isil: 'VN-OTHER' as Isil })])
  t.same(await store.libraries(), ['VN-OTHER', 'VN-TEST'])
  t.equal(await store.getOrCreateMeta('k', () => 'v1'), 'v1')
  t.equal(await store.getOrCreateMeta('k', () => 'v2'), 'v1', 'created once')
  await store.setMeta('k', 'v3')
  t.equal(await store.getOrCreateMeta('k', () => 'v4'), 'v3')
  t.equal(await store.ping(), true)
  await store.close()
  t.equal(await store.ping(), false)
  await t.rejects(store.get({ isil: ISIL, localId: 'R00000' }), { code: 'LG_ERR_STORE_CLOSED' })
})

t.test('a batch filled record by record writes as upsertBatch does, once', async t => {
  const { store } = tempStore(t)
  await store.upsertBatch(batchOf(0, 10))
  const b = store.openBatch()
  // more than one preparation chunk; ten of them known (unchanged), one changed, the rest new
  const recs = batchOf(0, PREPARE_CHUNK * 2 + 5)
  recs[3] = incoming(marc('R00003', 'Tên mới'))
  for (const r of recs) b.add(r)
  t.equal(b.length, recs.length)
  const results = await b.write()
  t.same(results.map(r => r.id.localId), recs.map(r => r.id.localId), 'in the order added')
  t.same(results.slice(0, 10).map(r => r.outcome), ['unchanged', 'unchanged', 'unchanged', 'updated', 'unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged'])
  t.ok(results.slice(10).every(r => r.outcome === 'added'))
  t.equal((await store.search({ kind: 'term', index: 'title', match: 'all', term: 'ten moi', masking: false, accentSensitive: false }, { offset: 0, limit: 5 })).total, 1, 'the changed record is indexed')
  await t.rejects(b.write(), /written already/, 'a batch is written once')
  t.throws(() => b.add(recs[0]), /written already/)
  t.same(await store.openBatch().write(), [], 'an empty batch writes nothing')
})
