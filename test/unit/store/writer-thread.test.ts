// Large batches of a file store are written by a writer thread (src/store/sqlite/writer-thread.ts):
// the same outcomes as in-process writes, call order kept, atomic batches, a pipeline that stops at
// its first failed batch, and close() waiting for batches in flight.
import t from 'tap'
import { openSqliteRecordStore, THREAD_MIN_BATCH } from '../../../src/store/sqlite/record-store.js'
import { incoming, ISIL, marc, tempStore } from './make.js'

const N = THREAD_MIN_BATCH + 10

function batchOf (from: number, n: number, title = 'Truyện Kiều'): ReturnType<typeof incoming>[] {
  return Array.from({ length: n }, (_, i) => incoming(marc(`T${String(from + i).padStart(5, '0')}`, `${title} ${from + i}`)))
}

t.test('a large batch is written by the thread and readable once its promise settles', async t => {
  const { store } = tempStore(t)
  const results = await store.upsertBatch(batchOf(0, N))
  t.equal(results.length, N)
  t.ok(results.every(r => r.outcome === 'added'))
  const rec = await store.get({ isil: ISIL, localId: 'T00007' })
  t.equal(rec?.marc?.fields.find(f => f.tag === '245') !== undefined, true, 'visible on the store connection')
  const hits = await store.search({ kind: 'term', index: 'title', match: 'all', term: 'truyen kieu 7', masking: false, accentSensitive: false }, { offset: 0, limit: 10 })
  t.ok(hits.total >= 1, 'indexed')
  const changes = await store.listChanges({ limit: N + 1 })
  t.equal(changes.length, N)
  for (let i = 1; i < changes.length; i++) if (changes[i].stamp <= changes[i - 1].stamp) t.fail('stamps strictly increase')
  t.same((await store.upsertBatch(batchOf(0, N))).filter(r => r.outcome !== 'unchanged'), [], 'unchanged on re-import')
})

t.test('batches commit in call order, small ones queued behind a large one in flight', async t => {
  const { store } = tempStore(t)
  const first = store.upsertBatch(batchOf(0, N, 'Cũ'))
  const second = store.upsertBatch(batchOf(5, 2, 'Mới')) // small, but must not overtake the first
  t.same((await first).filter(r => r.outcome !== 'added'), [])
  t.same((await second).map(r => r.outcome), ['updated', 'updated'])
  const rec = await store.get({ isil: ISIL, localId: 'T00005' })
  const title = rec?.marc?.fields.find(f => f.tag === '245') as { subfields: Array<{ value: string }> } | undefined
  t.equal(title?.subfields[0].value, 'Mới 5')
  const all = await store.listChanges({ limit: N + 1 })
  t.equal(all.length, N)
  t.same(all.slice(-2).map(r => r.id.localId), ['T00005', 'T00006'], 'the later batch has the later stamps')
  const old = await store.search({ kind: 'term', index: 'title', match: 'all', term: 'cu 5', masking: false, accentSensitive: false }, { offset: 0, limit: 10 })
  t.equal(old.total, 0, 'the old title left the index')
})

t.test('a failed batch leaves nothing; batches sent before the failure was known are refused', async t => {
  const { store } = tempStore(t)
  const good = store.upsertBatch(batchOf(0, N))
  // A deletion with an impossible format passes the caller's checks and fails the CHECK constraint
  // inside the transaction, on the thread.
  const bad = store.upsertBatch([...batchOf(N, N), { ...incoming(marc('X1', 'x'), { deleted: true }), format: 'xx' as 'marc21' }])
  const behind = store.upsertBatch(batchOf(2 * N, N))
  t.equal((await good).length, N)
  await t.rejects(bad, /CHECK/)
  await t.rejects(behind, { code: 'LG_ERR_STORE_ABORTED' })
  t.same(await store.stats(), { live: N, deleted: 0 }, 'neither the failed batch nor the one behind it')
  t.equal((store.db.prepare('SELECT count(*) AS n FROM write_intents').get() as { n: number }).n, 0, 'no intent left')
  t.equal((await store.upsertBatch(batchOf(2 * N, N))).length, N, 'a batch sent after the failure is written')
  t.same(await store.stats(), { live: 2 * N, deleted: 0 })
})

t.test('close waits for the batches in flight', async t => {
  const { store, file } = tempStore(t)
  const pending = store.upsertBatch(batchOf(0, N))
  await store.close()
  t.equal((await pending).length, N)
  const again = openSqliteRecordStore(file)
  t.teardown(() => again.close())
  t.same(await again.stats(), { live: N, deleted: 0 })
})
