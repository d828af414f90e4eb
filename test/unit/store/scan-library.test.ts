// A library's own scan (ScanOptions.library, SRU at /sru/{ISIL}): the terms of that library's records
// with their counts in it, as many as asked even when the union catalogue's terms around the start
// point belong to other libraries. Shown by comparing with a store that holds that library alone.
import t from 'tap'
import { createReadStream } from 'node:fs'
import { resolve } from 'node:path'
import { readIso2709 } from '../../../src/ingest/marc/index.js'
import type { MarcRecord } from '../../../src/model/marc.js'
import type { Isil } from '../../../src/model/isil.js'
import type { IndexName } from '../../../src/search/ast.js'
import { incoming, tempStore } from './make.js'

const VN = resolve(import.meta.dirname, '../../../../shared/data/marc/vietnamese/vn-utf8-nfc.mrc')
const SMALL = 'VN-SMALL' as Isil

t.test('scan restricted to one library equals the scan of that library alone', async t => {
  const records: MarcRecord[] = []
  for await (const r of readIso2709(createReadStream(VN))) if (r.record !== null) records.push(r.record)
  const mine = [records[2], records[11], records[17], records[25]]
  const union = tempStore(t).store
  await union.upsertBatch(records.map(r => incoming(r)))
  await union.upsertBatch(mine.map(r => incoming(r, { isil: SMALL })))
  const alone = tempStore(t).store
  await alone.upsertBatch(mine.map(r => incoming(r, { isil: SMALL })))
  const indexes: IndexName[] = ['title', 'author', 'subject', 'publisher', 'isbn', 'issn', 'identifier', 'date', 'language', 'type', 'library']
  for (const index of indexes) {
    for (const from of ['', 'a', 'k', 'th', 'z']) {
      for (const [before, after] of [[0, 20], [3, 3], [10, 0]]) {
        const want = await alone.scan({ index, from, before, after })
        const got = await union.scan({ index, from, before, after, library: SMALL })
        t.same(got, want, `${index} from '${from}' ${before}/${after}`)
      }
    }
  }
  const titles = await union.scan({ index: 'title', from: '', before: 0, after: 20, library: SMALL })
  const everyone = await union.scan({ index: 'title', from: '', before: 0, after: 20 })
  t.ok(titles.length >= 4 && titles.length < everyone.length, `the library's ${titles.length} title headings, not the union's first ${everyone.length}`)
  t.ok(titles.every(x => x.count === 1), 'counted in the library (the union holds each of these records twice)')
})
