// importFiles hands batches over by count and by size: 700 small records make one batch, while big
// records (near ISO 2709's 99,999-byte limit) go in batches of about BATCH_CHARS characters, so the
// memory an import holds is bounded by bytes whatever the records are like.
import t from 'tap'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { BATCH_CHARS, DEFAULT_BATCH_SIZE, importFiles } from '../../../src/ingest/import.js'
import { writeIso2709 } from '../../../src/ingest/marc/index.js'
import type { Isil } from '../../../src/model/isil.js'
import type { MarcRecord } from '../../../src/model/marc.js'
import { tempStore } from './make.js'

function record (i: number, notes: number, noteChars: number): MarcRecord {
  return {
    leader: '00000nam a2200000 a 4500',
    fields: [
      { tag: '001', value: `B${i}` },
      { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: `Sách số ${i}` }] },
      ...Array.from({ length: notes }, (_, k) => ({ tag: '500', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: `${k} `.padEnd(noteChars, 'ghi chu ') }] })),
    ],
  }
}

t.test('batches by count for small records, by characters for big ones', async t => {
  const { store, file } = tempStore(t)
  const dir = join(file, '..')
  const small = join(dir, 'small.mrc')
  writeFileSync(small, Buffer.concat(Array.from({ length: DEFAULT_BATCH_SIZE + 50 }, (_, i) => writeIso2709(record(i, 1, 100)))))
  const big = join(dir, 'big.mrc')
  writeFileSync(big, Buffer.concat(Array.from({ length: 40 }, (_, i) => writeIso2709(record(10_000 + i, 10, 9000)))))
  const sizes: number[] = []
  await importFiles(store, { library: 'VN-TEST' as Isil, files: [small], onBatch: async (b) => { sizes.push(b.length) } })
  t.same(sizes, [DEFAULT_BATCH_SIZE, 50], 'small records: batches of DEFAULT_BATCH_SIZE')
  sizes.length = 0
  const summary = await importFiles(store, { library: 'VN-TEST' as Isil, files: [big], onBatch: async (b) => { sizes.push(b.length) } })
  t.equal(summary.counts.added, 40)
  const perBatch = Math.ceil(BATCH_CHARS / (10 * 9000))
  t.ok(sizes.length >= 3 && sizes.every(n => n <= perBatch), `big records: batches of at most ${perBatch} (${sizes.join(', ')})`)
  t.equal(sizes.reduce((a, b) => a + b, 0), 40, 'each record in exactly one batch')
})
