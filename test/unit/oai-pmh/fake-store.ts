// An in-memory RecordStore with the port's semantics, for protocol-layer tests (STYLE.md P7).
// Stamps are set by the test (µs) so datestamps are exact; stableStamp is settable to model writes
// in flight.
import type { Isil } from '../../../src/model/isil.js'
import { type IncomingRecord, recordKey, type RecordId, stampToDate, type StoredRecord } from '../../../src/model/record.js'
import type { ChangeQuery, FacetCount, RecordBatch, RecordStore, SearchResult, SetInfo, UpsertResult } from '../../../src/store/port.js'

export class FakeStore implements RecordStore {
  readonly records = new Map<string, StoredRecord>()
  /** The next stamp upsertBatch assigns (µs); advanced by 1 per record. */
  nextStamp = Date.UTC(2024, 0, 1) * 1000
  /** When set, stableStamp() returns it instead of nextStamp. */
  stable: number | undefined
  listCalls: ChangeQuery[] = []
  meta = new Map<string, string>()

  /** Inserts or replaces a record with an explicit stamp. */
  put (r: Partial<StoredRecord> & { id: RecordId, stamp: number }): StoredRecord {
    const rec: StoredRecord = {
      deleted: false, format: 'marc21', marc: null, dc: null, sets: [], hash: String(r.stamp), provenance: null,
      ...r,
      datestamp: stampToDate(r.stamp),
    }
    this.records.set(recordKey(r.id), rec)
    if (r.stamp >= this.nextStamp) this.nextStamp = r.stamp + 1
    return rec
  }

  async upsertBatch (batch: readonly IncomingRecord[]): Promise<UpsertResult[]> {
    return batch.map(b => {
      const old = this.records.get(recordKey(b.id))
      const stamp = this.nextStamp++
      this.put({ id: b.id, stamp, deleted: b.deleted, format: b.format, marc: b.deleted ? null : b.marc, dc: b.deleted ? null : b.dc, sets: b.deleted ? (old?.sets ?? b.sets) : b.sets, provenance: b.provenance ?? null })
      return { id: b.id, outcome: b.deleted ? 'deleted' : old === undefined ? 'added' : 'updated' }
    })
  }

  openBatch (): RecordBatch {
    const records: IncomingRecord[] = []
    return { add: (r) => { records.push(r) }, get length () { return records.length }, write: async () => await this.upsertBatch(records) }
  }

  async get (id: RecordId): Promise<StoredRecord | undefined> { return this.records.get(recordKey(id)) }

  private matching (q: Omit<ChangeQuery, 'limit'>): StoredRecord[] {
    return [...this.records.values()].filter(r =>
      (q.fromStamp === undefined || r.stamp >= q.fromStamp) &&
      (q.untilStamp === undefined || r.stamp <= q.untilStamp) &&
      (q.after === undefined || r.stamp > q.after.stamp) &&
      (q.set === undefined || r.sets.some(s => s === q.set || s.startsWith(q.set + ':'))) &&
      (q.format === undefined || r.deleted || r.format === q.format),
    ).sort((a, b) => a.stamp - b.stamp)
  }

  async listChanges (q: ChangeQuery): Promise<StoredRecord[]> {
    this.listCalls.push(q)
    return this.matching(q).slice(0, q.limit)
  }

  async countChanges (q: Omit<ChangeQuery, 'after' | 'limit'>): Promise<number> { return this.matching(q).length }
  async earliestStamp (): Promise<number | undefined> {
    const s = [...this.records.values()].map(r => r.stamp)
    return s.length === 0 ? undefined : Math.min(...s)
  }

  async stableStamp (): Promise<number> { return this.stable ?? this.nextStamp }
  async latestStamp (): Promise<number> { return [...this.records.values()].reduce((m, r) => Math.max(m, r.stamp), 0) }
  async listSets (): Promise<SetInfo[]> {
    const m = new Map<string, number>()
    for (const r of this.records.values()) for (const s of r.sets) m.set(s, (m.get(s) ?? 0) + (r.deleted ? 0 : 1))
    return [...m].map(([spec, count]) => ({ spec, count }))
  }

  async libraries (): Promise<Isil[]> { return [...new Set([...this.records.values()].map(r => r.id.isil))].sort() }
  async search (): Promise<SearchResult> { return { total: 0, records: [] } }
  async scan (): Promise<[]> { return [] }
  // no search here, so no result to count
  async facets (_q: unknown, wanted: readonly unknown[]): Promise<FacetCount[][]> { return wanted.map(() => []) }
  // nothing is ever withheld here
  async releaseWithheld (): Promise<number> { return 0 }
  async touchAll (): Promise<number> {
    const live = [...this.records.values()].filter(r => !r.deleted).sort((a, b) => a.stamp - b.stamp)
    for (const r of live) this.put({ ...r, stamp: this.nextStamp++ })
    return live.length
  }
  async stats (): Promise<{ live: number, deleted: number }> {
    const all = [...this.records.values()]
    return { live: all.filter(r => !r.deleted).length, deleted: all.filter(r => r.deleted).length }
  }

  async ping (): Promise<boolean> { return true }
  async close (): Promise<void> {}
  async getOrCreateMeta (key: string, create: () => string): Promise<string> {
    if (!this.meta.has(key)) this.meta.set(key, create())
    return this.meta.get(key)!
  }

  async setMeta (key: string, value: string): Promise<void> { this.meta.set(key, value) }
}
