// Large batches of a file store are written by a writer thread (src/store/sqlite/writer-thread.ts):
// the same outcomes as in-process writes, call order kept, atomic batches, a pipeline that stops at
// its first failed batch, and close() waiting for batches in flight.
import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqliteRecordStore, THREAD_MIN_BATCH } from '../../../src/store/sqlite/record-store.js'
import { WriterThread } from '../../../src/store/sqlite/writer-thread.js'
import { BatchWriter, type WriteRow } from '../../../src/store/sqlite/batch-writer.js'
import { contentHash, encodeBody } from '../../../src/store/sqlite/codec.js'
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

t.test('batches queued behind each other share a transaction; a failed one leaves the others of its group written', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'libgate-group-'))
  const file = join(dir, 'g.db')
  const store = openSqliteRecordStore(file) // creates the schema
  await store.close()
  const thread = new WriterThread(file)
  t.teardown(async () => { await thread.close(); rmSync(dir, { recursive: true, force: true }) })
  const rows = (from: number, n: number): WriteRow[] => Array.from({ length: n }, (_, i) => {
    const rec = marc(`G${from + i}`, `Truyện Kiều ${from + i}`)
    const body = encodeBody('marc21', rec, null)
    return { isil: ISIL, localId: `G${from + i}`, format: 'marc21', deleted: false, body, hash: contentHash('marc21', body, []), sets: [], provenance: null, doc: null, withheldUntil: null }
  })
  // Posted without waiting: the thread is still writing the first when the others arrive.
  const written = [0, 1, 2, 3].map(k => thread.upsert(rows(k * 300, 300)))
  const outcomes = await Promise.all(written)
  t.ok(outcomes.every(o => o.length === 300 && o.every(x => x === 'added')))
  t.ok(thread.commits < 4, `four batches in ${thread.commits} transactions`)

  const before = thread.commits
  const bad = rows(5000, 300)
  const broken = [...bad.slice(0, 299), { ...bad[299], format: 'xx' as 'marc21', deleted: true }]
  const group = [thread.upsert(rows(2000, 300)), thread.upsert(broken), thread.upsert(rows(3000, 300))]
  t.equal((await group[0]).length, 300, 'the batch before the failure is written')
  await t.rejects(group[1], /CHECK/)
  await t.rejects(group[2], { code: 'LG_ERR_STORE_ABORTED' }, 'the one sent behind it is refused')
  t.ok(thread.commits > before)
  const check = openSqliteRecordStore(file)
  t.teardown(() => check.close())
  t.same(await check.stats(), { live: 1500, deleted: 0 }, 'the four first batches and the one before the failure, nothing of the failed one')
  const stamps = (check.db.prepare('SELECT local_id AS id, stamp FROM records ORDER BY stamp').all() as Array<{ id: string }>).map(r => Number(r.id.slice(1)))
  t.same(stamps, [...stamps].sort((a, b) => a - b), 'stamps follow the order the batches were given')
})

t.test('a group: each batch under its own savepoint, one commit for all', async t => {
  const store = openSqliteRecordStore(':memory:')
  t.teardown(() => store.close())
  const writer = new BatchWriter(store.db)
  const row = (id: string, format = 'marc21'): WriteRow => {
    const body = encodeBody('marc21', marc(id, `Lục Vân Tiên ${id}`), null)
    return { isil: ISIL, localId: id, format: format as 'marc21', deleted: format !== 'marc21', body, hash: contentHash('marc21', body, []), sets: [], provenance: null, doc: null, withheldUntil: null }
  }
  const seen: string[] = []
  writer.group((write) => {
    seen.push(...write([row('A1'), row('A2')]))
    t.throws(() => write([row('B1'), row('B2', 'xx')]), /CHECK/)
    t.ok(store.db.inTransaction, 'the group goes on after a failed batch')
    seen.push(...write([row('C1')]))
  })
  t.same(seen, ['added', 'added', 'added'])
  t.same((store.db.prepare('SELECT local_id AS id FROM records ORDER BY stamp').all() as Array<{ id: string }>).map(r => r.id), ['A1', 'A2', 'C1'], 'nothing of the failed batch')
  t.equal((store.db.prepare('SELECT count(*) AS n FROM write_intents').get() as { n: number }).n, 0, 'the intent went with the commit')
})
