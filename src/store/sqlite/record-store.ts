import type { Statement } from 'better-sqlite3'
import { LibgateError } from '../../errors.js'
import type { Isil } from '../../model/isil.js'
import type { MarcRecord } from '../../model/marc.js'
import type { DcRecord } from '../../model/dc.js'
import type { IncomingRecord, Provenance, RecordId, SourceFormat, StoredRecord } from '../../model/record.js'
import { stampToDate } from '../../model/record.js'
import type { Query } from '../../search/ast.js'
import { indexDocument, type IndexDoc } from '../../search/index-doc.js'
import type { ChangeQuery, FacetCount, FacetOptions, RecordBatch, RecordStore, ScanEntry, ScanOptions, SearchOptions, SearchResult, SetInfo, UpsertOutcome, UpsertResult } from '../port.js'
import { BatchWriter, expandSets, INTENT_TTL_US, nowUs, type WriteRow } from './batch-writer.js'
import { contentHash, decodeDc, encodeBody } from './codec.js'
import { decodeMarcCompact } from '../../model/marc-compact.js'
import { migrate, openSqlite, type Db } from './open.js'
import { RECORD_COLUMNS, RECORD_MIGRATIONS } from './schema.js'
import { SqliteSearch } from './search.js'
import { WriterThread } from './writer-thread.js'

export { INTENT_TTL_US, nowUs } from './batch-writer.js'

interface RecordRow {
  id: number
  isil: string
  local_id: string
  format: SourceFormat
  /** The canonical body's UTF-8 bytes (RECORD_COLUMNS casts it): renderers that work on bytes take them as they are. */
  body: Buffer | null
  hash: string
  stamp: number
  deleted: 0 | 1
  sets: string
  provenance: string | null
}

/** What toRow needs to know of a record already stored. */
interface KnownRow {
  hash: string
  deleted: 0 | 1
}

export interface SqliteRecordStore extends RecordStore {
  /** The underlying connection, for tests and maintenance only (EXPLAIN, integrity_check). */
  readonly db: Db
}

/**
 * A row as the port's record. A MARC record carries its stored bytes (marcCompact) and is decoded
 * only when something reads `marc`: a full harvest in MARCXML renders from the bytes and never
 * builds the objects. A class rather than a literal with a getter: V8 gives every instance one
 * shape, which a literal with an accessor spread into it did not get (measured: a third slower
 * oai_dc harvest).
 */
class RowRecord implements StoredRecord {
  readonly id: RecordId
  readonly stamp: number
  readonly datestamp: Date
  readonly deleted: boolean
  readonly format: SourceFormat
  readonly dc: DcRecord | null
  readonly sets: readonly string[]
  readonly hash: string
  readonly provenance: Provenance | null
  readonly marcCompact: Buffer | undefined
  private decoded: MarcRecord | null | undefined

  constructor (row: RecordRow) {
    const body = row.body
    this.id = { isil: row.isil as Isil, localId: row.local_id }
    this.stamp = row.stamp
    this.datestamp = stampToDate(row.stamp)
    this.deleted = row.deleted === 1
    this.format = row.format
    this.dc = row.format === 'dc' && body !== null ? decodeDc(body.toString('utf8')) : null
    this.sets = JSON.parse(row.sets) as string[]
    this.hash = row.hash
    this.provenance = row.provenance === null ? null : JSON.parse(row.provenance) as Provenance
    this.marcCompact = row.format === 'marc21' && body !== null ? body : undefined
    this.decoded = this.marcCompact === undefined ? null : undefined
  }

  get marc (): MarcRecord | null {
    if (this.decoded === undefined) this.decoded = decodeMarcCompact(this.marcCompact!.toString('utf8'))
    return this.decoded
  }
}

export function rowToStored (row: RecordRow): StoredRecord {
  return new RowRecord(row)
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
  return new SqliteStore(db, file === ':memory:' || file === '' ? undefined : new WriterThread(file))
}

/**
 * Batches of at least this many records go to the writer thread (file databases): an import's.
 * Smaller ones (a test, a single update) are written on the store's own connection, unless the
 * thread still has batches in flight (then they queue behind them, so batches commit in call order).
 */
export const THREAD_MIN_BATCH = 256

/**
 * Records are turned into rows (encoded, hashed, indexed) PREPARE_CHUNK at a time as they are added,
 * with one look-up of their stored hashes per chunk: a parsed record then dies young instead of
 * living in the importer's heap until its batch is full (measured on 100k records: the importing
 * thread's scavenges took 1.0 s instead of 1.7 s).
 */
export const PREPARE_CHUNK = 32

class SqliteBatch implements RecordBatch {
  private readonly store: SqliteStore
  private pending: IncomingRecord[] = []
  private readonly rows: WriteRow[] = []
  private readonly ids: RecordId[] = []
  private spent = false

  constructor (store: SqliteStore) {
    this.store = store
  }

  get length (): number {
    return this.rows.length + this.pending.length
  }

  add (record: IncomingRecord): void {
    if (this.spent) throw new LibgateError('LG_ERR_STORE_WRITE', 'this batch has been written already')
    this.pending.push(record)
    if (this.pending.length >= PREPARE_CHUNK) this.prepare()
  }

  private prepare (): void {
    const chunk = this.pending
    this.pending = []
    const rows = this.store.toRows(chunk)
    for (let i = 0; i < chunk.length; i++) { this.rows.push(rows[i]); this.ids.push(chunk[i].id) }
  }

  write (): Promise<UpsertResult[]> {
    try {
      if (this.spent) throw new LibgateError('LG_ERR_STORE_WRITE', 'this batch has been written already')
      this.spent = true
      if (this.pending.length > 0) this.prepare()
    } catch (e) {
      return Promise.reject(e)
    }
    return this.store.writeRows(this.rows, this.ids)
  }
}

class SqliteStore implements SqliteRecordStore {
  readonly db: Db
  private readonly search_: SqliteSearch
  private readonly s: Record<string, Statement>
  private readonly changeStatements = new Map<string, Statement>()
  private setsCache: { key: number | null, sets: SetInfo[] } | undefined
  private readonly local: BatchWriter
  private readonly thread: WriterThread | undefined
  private closed = false

  constructor (db: Db, thread: WriterThread | undefined) {
    this.db = db
    this.search_ = new SqliteSearch(db)
    this.local = new BatchWriter(db)
    this.thread = thread
    const p = (sql: string): Statement => db.prepare(sql)
    this.s = {
      // One look-up per batch and library, not one per record (100k native calls cost an import
      // about half a second on the thread that parses and indexes); json_each drives the loop so
      // each id is one probe of records_identity.
      known: p(`SELECT r.local_id AS localId, r.hash, r.deleted FROM json_each(?) AS j CROSS JOIN records r
                WHERE r.isil = ? AND r.local_id = j.value`),
      maxStamp: p('SELECT max(stamp) AS m FROM records'),
      minStamp: p('SELECT min(stamp) AS m FROM records'),
      restamp: p('UPDATE records SET stamp = ? WHERE id = ?'),
      restampSet: p('UPDATE record_sets SET stamp = ?, deleted = ? WHERE set_spec = ? AND stamp = ?'),
      get: p(`SELECT ${RECORD_COLUMNS} FROM records r WHERE r.isil = ? AND r.local_id = ?`),
      anyDue: p('SELECT 1 AS due FROM withheld_records WHERE until <= ? LIMIT 1'),
      liveForTouch: p('SELECT id, stamp, sets FROM records WHERE deleted = 0 ORDER BY stamp'),
      liveIntent: p('SELECT min(stamp) AS m FROM write_intents WHERE created >= ?'),
      setCounts: p('SELECT set_spec AS spec, count(*) AS count FROM record_sets WHERE deleted = 0 GROUP BY set_spec ORDER BY set_spec'),
      allSpecs: p('SELECT DISTINCT set_spec AS spec FROM record_sets'),
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
   * The row the writer needs: encoded, hashed and indexed here, outside the write transaction and
   * (with a writer thread) while the previous batch is being written. A record that looks unchanged
   * is not indexed; should it have changed meanwhile, the writer indexes it from its body. Nor is a
   * withheld one (it is not searchable); an embargo already over at this point is no withholding.
   */
  private toRow (r: IncomingRecord, known: ReadonlyMap<string, KnownRow> | undefined): WriteRow {
    const body = r.deleted ? null : encodeBody(r.format, r.marc, r.dc)
    if (!r.deleted && body === null) throw new LibgateError('LG_ERR_BAD_RECORD', `record ${r.id.isil}:${r.id.localId} has no ${r.format} content`)
    const hash = contentHash(r.format, body, r.sets)
    const w = r.withheldUntil
    const withheldUntil = r.deleted || w === undefined || (w !== 'suppressed' && w <= nowUs()) ? null : w
    let doc: IndexDoc | null = null
    if (!r.deleted && withheldUntil === null) {
      const k = known?.get(r.id.localId)
      if (k === undefined || k.deleted === 1 || k.hash !== hash) doc = indexDocument(r)
    }
    return {
      isil: r.id.isil,
      localId: r.id.localId,
      format: r.format,
      deleted: r.deleted,
      body,
      hash,
      sets: r.sets,
      provenance: r.provenance === undefined || r.provenance === null ? null : JSON.stringify(r.provenance),
      doc,
      withheldUntil,
    }
  }

  /** The rows of some records (see toRow), with the stored hash of every live record looked up per library at once. */
  toRows (batch: readonly IncomingRecord[]): WriteRow[] {
    const ids = new Map<string, string[]>()
    for (const r of batch) {
      if (r.deleted) continue
      const list = ids.get(r.id.isil)
      if (list === undefined) ids.set(r.id.isil, [r.id.localId])
      else list.push(r.id.localId)
    }
    const known = new Map<string, Map<string, KnownRow>>()
    for (const [isil, localIds] of ids) {
      const m = new Map<string, KnownRow>()
      for (const row of this.s.known.all(JSON.stringify(localIds), isil) as Array<KnownRow & { localId: string }>) m.set(row.localId, row)
      known.set(isil, m)
    }
    return batch.map(r => this.toRow(r, known.get(r.id.isil)))
  }

  upsertBatch (batch: readonly IncomingRecord[]): Promise<UpsertResult[]> {
    const b = this.openBatch()
    try {
      for (const r of batch) b.add(r)
    } catch (e) {
      return Promise.reject(e)
    }
    return b.write()
  }

  openBatch (): RecordBatch {
    return new SqliteBatch(this)
  }

  /**
   * Writes a batch's rows (see SqliteBatch). Not an async function: a suspended one keeps its
   * parameters until the batch commits; only the ids are kept while it is written.
   */
  writeRows (rows: WriteRow[], ids: RecordId[]): Promise<UpsertResult[]> {
    let written: Promise<UpsertOutcome[]> | UpsertOutcome[]
    try {
      this.assertOpen()
      if (rows.length === 0) return Promise.resolve([])
      const thread = this.thread
      // The rows are not kept here once handed over: the thread has its own copy.
      written = thread !== undefined && (thread.busy || rows.length >= THREAD_MIN_BATCH)
        ? thread.upsert(rows)
        : this.local.upsert(rows)
    } catch (e) {
      this.setsCache = undefined
      return Promise.reject(e)
    }
    return Promise.resolve(written)
      .finally(() => { this.setsCache = undefined })
      .then(outcomes => outcomes.map((outcome, i) => ({ id: ids[i], outcome })))
  }

  async releaseWithheld (now: number): Promise<number> {
    this.assertOpen()
    // The sweep runs every minute: only a release that has something to do opens a write transaction.
    if (this.s.anyDue.get(now) === undefined) return 0
    // Batches in flight on the writer thread go first (as upsertBatch queues behind them): a release
    // on this connection now would overtake them. The next sweep releases what is left.
    if (this.thread?.busy === true) return 0
    const n = this.local.release(now)
    this.setsCache = undefined
    return n
  }

  async touchAll (reason: string): Promise<number> {
    this.assertOpen()
    const n = this.local.transaction((next) => {
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

  async latestStamp (): Promise<number> {
    this.assertOpen()
    return (this.s.maxStamp.get() as { m: number | null }).m ?? 0
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
    return this.search_.libraries() as Isil[]
  }

  async search (q: Query, opts: SearchOptions): Promise<SearchResult> {
    this.assertOpen()
    const { total, rows, hits } = this.search_.search(q, opts)
    const records = (rows as RecordRow[]).map(rowToStored)
    if (hits === undefined) return { total, records }
    return { total, records, hits: hits.map(h => ({ id: { isil: h.isil as Isil, localId: h.local_id }, stamp: h.stamp })) }
  }

  async scan (opts: ScanOptions): Promise<ScanEntry[]> {
    this.assertOpen()
    return this.search_.scan(opts)
  }

  async facets (q: Query, wanted: readonly FacetOptions[]): Promise<FacetCount[][]> {
    this.assertOpen()
    return this.search_.facets(q, wanted)
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
    try {
      await this.thread?.close()
    } finally {
      this.db.close()
    }
  }

  private assertOpen (): void {
    if (this.closed) throw new LibgateError('LG_ERR_STORE_CLOSED', 'the record store is closed')
  }
}
