// RecordStore.facets on SQLite: exact counts over the whole result, equal to counting the records
// themselves (test/helpers/facets-from-records.ts, the port's semantics the slow way), in both orders,
// with offset and limit; every facet index the SRU table offers is one the store counts.
import t from 'tap'
import { createReadStream } from 'node:fs'
import { resolve } from 'node:path'
import { readIso2709 } from '../../../src/ingest/marc/index.js'
import type { MarcRecord } from '../../../src/model/marc.js'
import type { Isil } from '../../../src/model/isil.js'
import { term, type Query } from '../../../src/search/ast.js'

const all = (): Query => ({ kind: 'all' })
const butNot = (l: Query, r: Query): Query => ({ kind: 'not', left: l, right: r })
import type { FacetIndex } from '../../../src/store/port.js'
import { CQL_INDEXES } from '../../../mappings/cql-indexes.js'
import { facetsFromRecords } from '../../helpers/facets-from-records.js'
import { incoming, tempStore } from './make.js'

const VN = resolve(import.meta.dirname, '../../../../shared/data/marc/vietnamese/vn-utf8-nfc.mrc')
const INDEXES: readonly FacetIndex[] = ['subject', 'date', 'type', 'language', 'library']

t.test('the SRU facet rows are the store facet indexes', async t => {
  t.same(CQL_INDEXES.filter(r => r.facet).map(r => r.index).sort(), [...INDEXES].sort())
})

t.test('exact counts, as the records themselves give them', async t => {
  const { store } = tempStore(t)
  const records: MarcRecord[] = []
  for await (const r of readIso2709(createReadStream(VN))) if (r.record !== null) records.push(r.record)
  await store.upsertBatch(records.map(r => incoming(r)))
  await store.upsertBatch(records.slice(0, 9).map(r => incoming(r, { isil: 'VN-OTHER' as Isil })))
  // a deleted record is counted nowhere
  await store.upsertBatch([incoming(records[3], { isil: 'VN-OTHER' as Isil, deleted: true })])
  const queries: Query[] = [all(), term('title', 'viet'), butNot(all(), term('language', 'vie')), term('subject', 'văn học')]
  for (const q of queries) {
    const hits = (await store.search(q, { offset: 0, limit: 1000 })).records
    for (const index of INDEXES) {
      for (const order of ['count', 'alpha'] as const) {
        const want = facetsFromRecords(hits, { index, order, offset: 0, limit: 1000 })
        t.same((await store.facets(q, [{ index, order, offset: 0, limit: 1000 }]))[0], want, `${JSON.stringify(q).slice(0, 60)} ${index} ${order}`)
        t.same((await store.facets(q, [{ index, order, offset: 1, limit: 2 }]))[0], want.slice(1, 3), `${index} ${order}: offset and limit`)
      }
    }
  }
  const [lib, subjects] = await store.facets(all(), [{ index: 'library', order: 'count', offset: 0, limit: 10 }, { index: 'subject', order: 'count', offset: 0, limit: 5 }])
  t.same(lib, [{ value: 'VN-TEST', count: 31 }, { value: 'VN-OTHER', count: 8 }], 'libraries, the deleted record left out')
  t.ok(subjects.length === 5 && subjects.every(f => f.value !== '' && f.count > 0), 'subject headings as catalogued')
})
