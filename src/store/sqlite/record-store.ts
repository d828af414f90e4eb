import type { Statement } from 'better-sqlite3'
import { LibgateError } from '../../errors.js'
import type { Isil } from '../../model/isil.js'
import type { IncomingRecord, Provenance, RecordId, SourceFormat, StoredRecord } from '../../model/record.js'
import { stampToDate } from '../../model/record.js'
import type { Query } from '../../search/ast.js'
import { contentEntries, headingsOf, indexDocument, type IndexDoc } from '../../search/index-doc.js'
import type { ChangeQuery, RecordStore, ScanEntry, ScanOptions, SearchOptions, SearchResult, SetInfo, UpsertResult } from '../port.js'
import { setAncestors } from '../../../mappings/record-sets.js'
import { contentHash, decodeDc, decodeMarc, encodeBody } from './codec.js'
import { migrate, openSqlite, type Db } from './open.js'
import { HEADING_IDS, RECORD_MIGRATIONS } from './schema.js'
import { SqliteSearch } from './search.js'

/** Intents older than this belong to a killed writer and no longer hold stableStamp back. */
export const INTENT_TTL_US = 10 * 60 * 1_000_000

/**
 * Microseconds since the epoch from a clock that never goes backwards within the process, so a
 * batch's stamps are never below the intent it recorded a moment earlier.
 */
export function nowUs (): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000)
}

interface RecordRow {
  id: number
  isil: string
  local_id: string
  format: SourceFormat
  body: string | null
  hash: string
  stamp: number
  deleted: 0 | 1
  sets: string
  provenance: string | null
}

interface ExistingRow {
  id: number
  format: SourceFormat
  hash: string
  stamp: number
  deleted: 0 | 1
  sets: string
  provenance: string | null
}

interface Prepared {
  readonly body: string | null
  readonly hash: string
  readonly sets: readonly string[]
  readonly provenance: string | null
}

export interface SqliteRecordStore extends RecordStore {
  /** The underlying connection, for tests and maintenance only (EXPLAIN, integrity_check). */
  readonly db: Db
}

const RECORD_COLUMNS = 'r.id, r.isil, r.local_id, r.format, r.body, r.hash, r.stamp, r.deleted, r.sets, r.provenance'

/** All sets a record is in: its own and their ancestors, without duplicates. */
function expandSets (sets: readonly string[]): string[] {
  const out = new Set<string>()
  for (const s of sets) {
    out.add(s)
    for (const a of setAncestors(s)) out.add(a)
  }
  return [...out]
}

export function rowToStored (row: RecordRow): StoredRecord {
  const deleted = row.deleted === 1
  const marc = row.format === 'marc21' && row.body !== null ? decodeMarc(row.body) : null
  const dc = row.format === 'dc' && row.body !== null ? decodeDc(row.body) : null
  return {
    id: { isil: row.isil as Isil, localId: row.local_id },
    stamp: row.stamp,
    datestamp: stampToDate(row.stamp),
    deleted,
    format: row.format,
    marc,
    dc,
    sets: JSON.parse(row.sets) as string[],
    hash: row.hash,
    provenance: row.provenance === null ? null : JSON.parse(row.provenance) as Provenance,
  }
}

/**
 * Opens the SQLite record store (creating and migrating the file). One connection; better-sqlite3
 * is synchronous, so every method runs to completion before it returns its promise.
 */
export function openSqliteRecordStore (file: string): SqliteRecordStore {
  const db = openSqlite(file)
  try {
    migrate(db, 'records', RECORD_MIGRATIONS)
  } catch (e) {
    db.close()
    throw new LibgateError('LG_ERR_DB_MIGRATE', `cannot prepare database '${file}': ${(e as Error).message}`, { cause: e })
  }
  return new SqliteStore(db)
}

class SqliteStore implements SqliteRecordStore {
  readonly db: Db
  private readonly search_: SqliteSearch
  private readonly s: Record<string, Statement>
  private readonly changeStatements = new Map<string, Statement>()
  private setsCache: { key: number | null, sets: SetInfo[] } | undefined
  private pendingHeadings: Array<[number, string, number]> = []
  private readonly pendingIds = new Set<number>()
  private closed = false

  constructor (db: Db) {
    this.db = db
    this.search_ = new SqliteSearch(db)
    const p = (sql: string): Statement => db.prepare(sql)
    this.s = {
      existing: p('SELECT id, format, hash, stamp, deleted, sets, provenance FROM records WHERE isil = ? AND local_id = ?'),
      body: p('SELECT body FROM records WHERE id = ?'),
      maxStamp: p('SELECT max(stamp) AS m FROM records'),
      minStamp: p('SELECT min(stamp) AS m FROM records'),
      insert: p(`INSERT INTO records (isil, local_id, format, body, hash, stamp, deleted, sets, provenance, sort_title, sort_author, sort_date)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      update: p(`UPDATE records SET format = ?, body = ?, hash = ?, stamp = ?, deleted = ?, sets = ?, provenance = ?, sort_title = ?, sort_author = ?, sort_date = ?
                 WHERE id = ?`),
      setProvenance: p('UPDATE records SET provenance = ? WHERE id = ?'),
      tombstone: p('UPDATE records SET body = NULL, stamp = ?, deleted = 1, sort_title = NULL, sort_author = NULL, sort_date = NULL WHERE id = ?'),
      restamp: p('UPDATE records SET stamp = ? WHERE id = ?'),
      insSet: p('INSERT INTO record_sets (set_spec, stamp, record, deleted) VALUES (?, ?, ?, ?)'),
      delSet: p('DELETE FROM record_sets WHERE set_spec = ? AND stamp = ?'),
      restampSet: p('UPDATE record_sets SET stamp = ?, deleted = ? WHERE set_spec = ? AND stamp = ?'),
      insText: p(`INSERT INTO search_text (rowid, title, author, subject, publisher, isbn, issn, identifier, date, language, other, heads)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      delText: p('DELETE FROM search_text WHERE rowid = ?'),
      insHeading: p('INSERT OR IGNORE INTO headings (idx, skey, record) VALUES (?, ?, ?)'),
      delHeading: p('DELETE FROM headings WHERE idx = ? AND skey = ? AND record = ?'),
      get: p(`SELECT ${RECORD_COLUMNS} FROM records r WHERE r.isil = ? AND r.local_id = ?`),
      liveForTouch: p('SELECT id, stamp, sets FROM records WHERE deleted = 0 ORDER BY stamp'),
      insIntent: p('INSERT INTO write_intents (stamp, created) VALUES (?, ?)'),
      delIntent: p('DELETE FROM write_intents WHERE id = ?'),
      oldIntents: p('DELETE FROM write_intents WHERE created < ?'),
      liveIntent: p('SELECT min(stamp) AS m FROM write_intents WHERE created >= ?'),
      setCounts: p('SELECT set_spec AS spec, count(*) AS count FROM record_sets WHERE deleted = 0 GROUP BY set_spec ORDER BY set_spec'),
      allSpecs: p('SELECT DISTINCT set_spec AS spec FROM record_sets'),
      nextIsil: p('SELECT isil FROM records WHERE isil > ? ORDER BY isil LIMIT 1'),
      stats: p('SELECT count(*) AS total, (SELECT count(*) FROM records WHERE deleted = 1) AS deleted FROM records'),
      ping: p('SELECT 1 AS ok'),
      metaGet: p('SELECT value FROM record_meta WHERE key = ?'),
      metaInsert: p('INSERT OR IGNORE INTO record_meta (key, value) VALUES (?, ?)'),
      metaSet: p('INSERT INTO record_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    }
  }

  // ----------------------------------------------------------------------------------------------
  // writes

  /**
   * Runs `fn` in one BEGIN IMMEDIATE transaction, after committing an intent that holds stableStamp
   * below the first stamp `fn` may use; the intent is removed in the same transaction (or after a
   * rollback), and a killed writer's intent expires after INTENT_TTL_US.
   */
  private write<T> (fn: (nextStamp: () => number) => T): T {
    this.assertOpen()
    const intentStamp = nowUs()
    const created = Date.now() * 1000
    this.s.oldIntents.run(created - INTENT_TTL_US)
    const intent = Number(this.s.insIntent.run(intentStamp, created).lastInsertRowid)
    try {
      return this.db.transaction(() => {
        let last = (this.s.maxStamp.get() as { m: number | null }).m ?? 0
        const next = (): number => { last = Math.max(nowUs(), last + 1); return last }
        const out = fn(next)
        this.s.delIntent.run(intent)
        return out
      }).immediate()
    } catch (e) {
      try { this.s.delIntent.run(intent) } catch { /* the connection is gone; the intent expires */ }
      throw e
    }
  }

  private prepare (r: IncomingRecord): Prepared {
    const body = r.deleted ? null : encodeBody(r.format, r.marc, r.dc)
    if (!r.deleted && body === null) throw new LibgateError('LG_ERR_BAD_RECORD', `record ${r.id.isil}:${r.id.localId} has no ${r.format} content`)
    return {
      body,
      hash: contentHash(r.format, body, r.sets),
      sets: r.sets,
      provenance: r.provenance === undefined || r.provenance === null ? null : JSON.stringify(r.provenance),
    }
  }

  private writeIndex (id: number, doc: IndexDoc): void {
    const t = doc.text
    this.s.insText.run(id, t.title, t.author, t.subject, t.publisher, t.isbn, t.issn, t.identifier, t.date, t.language, t.other, t.heads)
    for (const h of doc.headings) this.pendingHeadings.push([HEADING_IDS[h.index], h.sort, id])
    this.pendingIds.add(id)
  }

  /**
   * Headings are inserted in key order at the end of a batch: sorted inserts touch each B-tree page
   * once per batch instead of once per record (measured: a third less time than random order).
   */
  private flushHeadings (): void {
    const rows = this.pendingHeadings
    rows.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2]))
    for (const r of rows) this.s.insHeading.run(r[0], r[1], r[2])
    this.pendingHeadings = []
    this.pendingIds.clear()
  }

  /** Remove a live record from the search tables, recomputing its headings from its stored body. */
  private removeIndex (id: number, format: SourceFormat): void {
    if (this.pendingIds.has(id)) this.flushHeadings() // the same record twice in one batch
    this.s.delText.run(id)
    const body = (this.s.body.get(id) as { body: string | null } | undefined)?.body ?? null
    if (body === null) return
    const rec = format === 'marc21' ? { marc: decodeMarc(body), dc: null } : { marc: null, dc: decodeDc(body) }
    for (const h of headingsOf(contentEntries(rec))) this.s.delHeading.run(HEADING_IDS[h.index], h.sort, id)
  }

  private insertSets (id: number, sets: readonly string[], stamp: number, deleted: 0 | 1): void {
    for (const spec of expandSets(sets)) this.s.insSet.run(spec, stamp, id, deleted)
  }

  private deleteSets (sets: readonly string[], stamp: number): void {
    for (const spec of expandSets(sets)) this.s.delSet.run(spec, stamp)
  }

  async upsertBatch (batch: readonly IncomingRecord[]): Promise<UpsertResult[]> {
    if (batch.length === 0) return []
    // Encoding and hashing happen before the write lock is taken.
    const prepared = batch.map(r => this.prepare(r))
    const results = this.write((next) => {
      const out: UpsertResult[] = []
      try {
        for (let i = 0; i < batch.length; i++) out.push({ id: batch[i].id, outcome: this.upsertOne(batch[i], prepared[i], next) })
        this.flushHeadings()
      } catch (e) {
        this.pendingHeadings = []
        this.pendingIds.clear()
        throw e
      }
      return out
    })
    this.setsCache = undefined
    return results
  }

  private upsertOne (r: IncomingRecord, p: Prepared, next: () => number): UpsertResult['outcome'] {
    const ex = this.s.existing.get(r.id.isil, r.id.localId) as ExistingRow | undefined
    if (ex === undefined) {
      const stamp = next()
      if (r.deleted) {
        const info = this.s.insert.run(r.id.isil, r.id.localId, r.format, null, p.hash, stamp, 1, JSON.stringify(p.sets), p.provenance, null, null, null)
        this.insertSets(Number(info.lastInsertRowid), p.sets, stamp, 1)
        return 'deleted'
      }
      const doc = indexDocument(r)
      const info = this.s.insert.run(r.id.isil, r.id.localId, r.format, p.body, p.hash, stamp, 0, JSON.stringify(p.sets), p.provenance, doc.sortTitle, doc.sortAuthor, doc.sortDate)
      const id = Number(info.lastInsertRowid)
      this.writeIndex(id, doc)
      this.insertSets(id, p.sets, stamp, 0)
      return 'added'
    }
    const oldSets = JSON.parse(ex.sets) as string[]
    if (r.deleted) {
      if (ex.deleted === 1) return 'unchanged'
      // Tombstones keep the sets the record was in, so set-restricted harvests see the deletion.
      const stamp = next()
      this.removeIndex(ex.id, ex.format)
      this.s.tombstone.run(stamp, ex.id)
      for (const spec of expandSets(oldSets)) this.s.restampSet.run(stamp, 1, spec, ex.stamp)
      return 'deleted'
    }
    if (ex.deleted === 0 && ex.hash === p.hash) {
      // Provenance (e.g. the upstream harvest date) is not content: keep the stamp.
      if (p.provenance !== null && p.provenance !== ex.provenance) this.s.setProvenance.run(p.provenance, ex.id)
      return 'unchanged'
    }
    const stamp = next()
    if (ex.deleted === 0) this.removeIndex(ex.id, ex.format)
    const doc = indexDocument(r)
    this.writeIndex(ex.id, doc)
    this.s.update.run(r.format, p.body, p.hash, stamp, 0, JSON.stringify(p.sets), p.provenance, doc.sortTitle, doc.sortAuthor, doc.sortDate, ex.id)
    this.deleteSets(oldSets, ex.stamp)
    this.insertSets(ex.id, p.sets, stamp, 0)
    return 'updated'
  }

  async touchAll (reason: string): Promise<number> {
    const n = this.write((next) => {
      const rows = this.s.liveForTouch.all() as Array<{ id: number, stamp: number, sets: string }>
      for (const row of rows) {
        const stamp = next()
        this.s.restamp.run(stamp, row.id)
        for (const spec of expandSets(JSON.parse(row.sets) as string[])) this.s.restampSet.run(stamp, 0, spec, row.stamp)
      }
      this.s.metaSet.run('touch-all', JSON.stringify({ reason, at: new Date().toISOString(), records: rows.length }))
      return rows.length
    })
    this.setsCache = undefined
    return n
  }

  // ----------------------------------------------------------------------------------------------
  // reads

  async get (id: RecordId): Promise<StoredRecord | undefined> {
    this.assertOpen()
    const row = this.s.get.get(id.isil, id.localId) as RecordRow | undefined
    return row === undefined ? undefined : rowToStored(row)
  }

  private changeStatement (q: Omit<ChangeQuery, 'limit' | 'after'>, count: boolean): Statement {
    const shape = `${count ? 'c' : 'l'}${q.set !== undefined ? 's' : ''}${q.format !== undefined ? 'f' : ''}`
    let st = this.changeStatements.get(shape)
    if (st !== undefined) return st
    let sql: string
    if (q.set !== undefined) {
      // Keyset over the primary key of record_sets (set_spec, stamp).
      sql = `${count ? 'SELECT count(*) AS n' : `SELECT ${RECORD_COLUMNS}`} FROM record_sets s JOIN records r ON r.id = s.record
             WHERE s.set_spec = @set AND s.stamp > @after AND s.stamp >= @from AND s.stamp <= @until
             ${q.format !== undefined ? 'AND (r.format = @format OR r.deleted = 1)' : ''}
             ${count ? '' : 'ORDER BY s.stamp LIMIT @limit'}`
    } else {
      sql = `${count ? 'SELECT count(*) AS n' : `SELECT ${RECORD_COLUMNS}`} FROM records r
             WHERE r.stamp > @after AND r.stamp >= @from AND r.stamp <= @until
             ${q.format !== undefined ? 'AND (r.format = @format OR r.deleted = 1)' : ''}
             ${count ? '' : 'ORDER BY r.stamp LIMIT @limit'}`
    }
    st = this.db.prepare(sql)
    this.changeStatements.set(shape, st)
    return st
  }

  private changeParams (q: Partial<ChangeQuery>): Record<string, unknown> {
    const p: Record<string, unknown> = {
      after: q.after?.stamp ?? -1,
      from: q.fromStamp ?? 0,
      until: q.untilStamp ?? Number.MAX_SAFE_INTEGER,
    }
    if (q.set !== undefined) p.set = q.set
    if (q.format !== undefined) p.format = q.format
    if (q.limit !== undefined) p.limit = q.limit
    return p
  }

  async listChanges (q: ChangeQuery): Promise<StoredRecord[]> {
    this.assertOpen()
    if (q.limit <= 0) return []
    const rows = this.changeStatement(q, false).all(this.changeParams(q)) as RecordRow[]
    return rows.map(rowToStored)
  }

  async countChanges (q: Omit<ChangeQuery, 'after' | 'limit'>): Promise<number> {
    this.assertOpen()
    return (this.changeStatement(q, true).get(this.changeParams(q)) as { n: number }).n
  }

  async earliestStamp (): Promise<number | undefined> {
    this.assertOpen()
    return (this.s.minStamp.get() as { m: number | null }).m ?? undefined
  }

  async stableStamp (): Promise<number> {
    this.assertOpen()
    const now = nowUs()
    const intent = (this.s.liveIntent.get(Date.now() * 1000 - INTENT_TTL_US) as { m: number | null }).m
    return intent === null ? now : Math.min(now, intent - 1)
  }

  async listSets (): Promise<SetInfo[]> {
    this.assertOpen()
    // Every change takes a stamp above all others, so max(stamp) identifies the store's state.
    const key = (this.s.maxStamp.get() as { m: number | null }).m
    if (this.setsCache !== undefined && this.setsCache.key === key) return this.setsCache.sets
    const counts = new Map<string, number>()
    for (const r of this.s.allSpecs.all() as Array<{ spec: string }>) counts.set(r.spec, 0)
    for (const r of this.s.setCounts.all() as Array<{ spec: string, count: number }>) counts.set(r.spec, r.count)
    const sets = [...counts].map(([spec, count]) => ({ spec, count })).sort((a, b) => a.spec < b.spec ? -1 : a.spec > b.spec ? 1 : 0)
    this.setsCache = { key, sets }
    return sets
  }

  async libraries (): Promise<Isil[]> {
    this.assertOpen()
    // A skip scan over records_identity: one index seek per library.
    const out: Isil[] = []
    let last = ''
    for (;;) {
      const row = this.s.nextIsil.get(last) as { isil: string } | undefined
      if (row === undefined) return out
      out.push(row.isil as Isil)
      last = row.isil
    }
  }

  async search (q: Query, opts: SearchOptions): Promise<SearchResult> {
    this.assertOpen()
    const { total, rows } = this.search_.search(q, opts)
    return { total, records: (rows as RecordRow[]).map(rowToStored) }
  }

  async scan (opts: ScanOptions): Promise<ScanEntry[]> {
    this.assertOpen()
    return this.search_.scan(opts)
  }

  async stats (): Promise<{ live: number, deleted: number }> {
    this.assertOpen()
    const r = this.s.stats.get() as { total: number, deleted: number }
    return { live: r.total - r.deleted, deleted: r.deleted }
  }

  async ping (): Promise<boolean> {
    if (this.closed) return false
    return (this.s.ping.get() as { ok: number }).ok === 1
  }

  async getOrCreateMeta (key: string, create: () => string): Promise<string> {
    this.assertOpen()
    const existing = this.s.metaGet.get(key) as { value: string } | undefined
    if (existing !== undefined) return existing.value
    const value = create()
    // INSERT OR IGNORE: another process may have created it first; its value wins.
    this.db.transaction(() => { this.s.metaInsert.run(key, value) }).immediate()
    return (this.s.metaGet.get(key) as { value: string }).value
  }

  async setMeta (key: string, value: string): Promise<void> {
    this.assertOpen()
    this.s.metaSet.run(key, value)
  }

  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.db.close()
  }

  private assertOpen (): void {
    if (this.closed) throw new LibgateError('LG_ERR_STORE_CLOSED', 'the record store is closed')
  }
}
