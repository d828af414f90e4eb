// Child process for oai-concurrent.test.ts: updates, adds and deletes records in a loop on the same
// SQLite file while the parent harvests. argv: db file, rounds.
import { openSqliteRecordStore } from '../../src/store/sqlite/record-store.js'
import type { IncomingRecord } from '../../src/model/record.js'
import type { Isil } from '../../src/model/isil.js'
import { recordSets } from '../../mappings/record-sets.js'
import { synthMarc } from './oai-synth.js'

const [db, roundsArg] = process.argv.slice(2)
const store = openSqliteRecordStore(db)
const ISIL = 'VN-HN' as Isil
const rounds = Number(roundsArg)
for (let i = 0; i < rounds; i++) {
  const batch: IncomingRecord[] = []
  for (let j = 0; j < 5; j++) {
    const n = (i * 37 + j * 101) % 400 // mostly existing ids (< 300), some new
    const marc = synthMarc(`r${n}`, `Bản sửa ${i}-${j}`)
    const deleted = (i + j) % 7 === 0
    batch.push({ id: { isil: ISIL, localId: `r${n}` }, format: 'marc21', marc: deleted ? null : marc, dc: null, deleted, sets: recordSets(ISIL, { marc, dc: null }) })
  }
  await store.upsertBatch(batch)
  await new Promise(r => setTimeout(r, 15))
}
await store.close()
process.stdout.write('done\n')
