// Small hand-built records for store and search tests (no reader needed).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Isil } from '../../../src/model/isil.js'
import type { MarcField, MarcRecord } from '../../../src/model/marc.js'
import type { IncomingRecord } from '../../../src/model/record.js'
import { recordSets } from '../../../mappings/record-sets.js'
import { openSqliteRecordStore, type SqliteRecordStore } from '../../../src/store/sqlite/record-store.js'

export const ISIL = 'VN-TEST' as Isil

export function marc (id: string, title: string, extra: MarcField[] = [], leader = '00000nam a2200000 a 4500'): MarcRecord {
  return {
    leader,
    fields: [
      { tag: '001', value: id },
      { tag: '008', value: '240115s2019    vm            000 p vie d' },
      { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: title }] },
      ...extra,
    ],
  }
}

export function incoming (rec: MarcRecord, opts: { isil?: Isil, deleted?: boolean, withheldUntil?: number | 'suppressed' } = {}): IncomingRecord {
  const isil = opts.isil ?? ISIL
  const id = (rec.fields.find(f => f.tag === '001') as { value: string }).value
  return { id: { isil, localId: id }, format: 'marc21', marc: opts.deleted === true ? null : rec, dc: null, deleted: opts.deleted ?? false, sets: recordSets(isil, { marc: rec, dc: null }), withheldUntil: opts.withheldUntil }
}

/** A store on a fresh temporary file, removed when the test ends. */
export function tempStore (t: { teardown (fn: () => unknown): void }): { store: SqliteRecordStore, file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'libgate-store-'))
  const file = join(dir, 'test.db')
  const store = openSqliteRecordStore(file)
  t.teardown(async () => { await store.close(); rmSync(dir, { recursive: true, force: true }) })
  return { store, file }
}
