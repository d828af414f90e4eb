import type { Statement } from 'better-sqlite3'
import type { Isil } from '../../model/isil.js'
import type { SourceFormat } from '../../model/record.js'
import type { UpsertOutcome } from '../port.js'
import { contentEntries, headingsOf, indexDocument, type IndexDoc } from '../../search/index-doc.js'
import { setAncestors } from '../../../mappings/record-sets.js'
import { decodeBody } from './codec.js'
import type { Db } from './open.js'
import { HEADING_IDS } from './schema.js'

/** Headings per INSERT statement (flushHeadings). */
const HEADING_ROWS = 32

/** Intents older than this belong to a killed writer and no longer hold stableStamp back. */
export const INTENT_TTL_US = 10 * 60 * 1_000_000

/** Microseconds since the epoch, never going backwards within the process. */
export type Clock = () => number

/**
 * Microseconds since the epoch from a clock that never goes backwards within the process, so a
 * batch's stamps are never below the intent it recorded a moment earlier.
 */
export function nowUs (): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000)
}

/**
 * One record as the writer receives it: encoded, hashed and (for a live record) indexed already, so
 * that the transaction does only database work. Plain data: it crosses to the writer thread as is.
 * `doc` may be absent for a live record (the caller expected it to be unchanged): the writer then
 * indexes it from `body` itself. `withheldUntil` (null: served) withholds a record that is not
 * deleted: it is written as a tombstone and the row itself parked in withheld_records.
 */
export interface WriteRow {
  readonly isil: string
  readonly localId: string
  readonly format: SourceFormat
  readonly deleted: boolean
  readonly body: string | null
  readonly hash: string
  readonly sets: readonly string[]
  readonly provenance: string | null
  readonly doc: IndexDoc | null
  readonly withheldUntil: number | 'suppressed' | null
}

interface ExistingRow {
  id: number
  format: SourceFormat
  hash: string
  stamp: number
  deleted: 0 | 1
  sets: string
  provenance: string | null
  /** The parked row's hash and end (NULL: suppressed), when the record is withheld. */
  heldHash: string | null
  heldUntil: number | null
}

/** A parked row that is due, as withheld_records and records hold it. */
interface HeldRow {
  isil: string
  localId: string
  format: SourceFormat
  body: string
  hash: string
  sets: string
  provenance: string | null
}

/** A failure that rolled back a whole group of batches (BatchWriter.group), not one batch of it. */
export class GroupLost extends Error {
  readonly code: string
  constructor (reason: unknown) {
    const e = reason as Error & { code?: unknown }
    super(e.message ?? String(reason), { cause: reason })
    this.code = typeof e.code === 'string' ? e.code : 'LG_ERR_STORE_WRITE'
  }
}

/** All sets a record is in: its own and their ancestors, without duplicates. */
export function expandSets (sets: readonly string[]): string[] {
  const out = new Set<string>()
  for (const s of sets) {
    out.add(s)
    for (const a of setAncestors(s)) out.add(a)
  }
  return [...out]
}

/** withheld_records.until of a withheld row: the embargo's end, or NULL for a suppression. */
function parkedUntil (r: WriteRow): number | null {
  return r.withheldUntil === 'suppressed' ? null : r.withheldUntil
}

/** The index document of a row the caller sent without one, from its encoded body. */
function docOf (row: WriteRow): IndexDoc {
  const id = { isil: row.isil as Isil, localId: row.localId }
  const body = row.body ?? ''
  return indexDocument({ id, ...decodeBody(row.format, body) })
}

/**
 * The write half of the SQLite record store: one BEGIN IMMEDIATE transaction per batch on `db`.
 * It runs on the store's own connection (in-memory databases) or on a writer thread's connection
 * (files; see writer-thread.ts): the same code either way.
 */
export class BatchWriter {
  private readonly db: Db
  private readonly clock: Clock
  private readonly s: Record<string, Statement>
  private pendingHeadings: Array<[number, string, number]> = []
  private readonly headingArgs: Array<number | string> = new Array<number | string>(3 * HEADING_ROWS).fill(0)
  private readonly pendingIds = new Set<number>()

  constructor (db: Db, clock: Clock = nowUs) {
    this.db = db
    this.clock = clock
    const p = (sql: string): Statement => db.prepare(sql)
    this.s = {
      existing: p(`SELECT r.id, r.format, r.hash, r.stamp, r.deleted, r.sets, r.provenance, w.hash AS heldHash, w.until AS heldUntil
                   FROM records r LEFT JOIN withheld_records w ON w.record = r.id WHERE r.isil = ? AND r.local_id = ?`),
      body: p('SELECT body FROM records WHERE id = ?'),
      maxStamp: p('SELECT max(stamp) AS m FROM records'),
      insert: p(`INSERT INTO records (isil, local_id, format, body, hash, stamp, deleted, sets, provenance, sort_title, sort_author, sort_date)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      update: p(`UPDATE records SET format = ?, body = ?, hash = ?, stamp = ?, deleted = ?, sets = ?, provenance = ?, sort_title = ?, sort_author = ?, sort_date = ?
                 WHERE id = ?`),
      setProvenance: p('UPDATE records SET provenance = ? WHERE id = ?'),
      tombstone: p('UPDATE records SET body = NULL, stamp = ?, deleted = 1, sort_title = NULL, sort_author = NULL, sort_date = NULL WHERE id = ?'),
      insSet: p('INSERT INTO record_sets (set_spec, stamp, record, deleted) VALUES (?, ?, ?, ?)'),
      delSet: p('DELETE FROM record_sets WHERE set_spec = ? AND stamp = ?'),
      restampSet: p('UPDATE record_sets SET stamp = ?, deleted = ? WHERE set_spec = ? AND stamp = ?'),
      insText: p(`INSERT INTO search_text (rowid, title, author, subject, publisher, isbn, issn, identifier, date, language, other, heads)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      delText: p('DELETE FROM search_text WHERE rowid = ?'),
      insHeading: p('INSERT OR IGNORE INTO headings (idx, skey, record) VALUES (?, ?, ?)'),
      insHeadings: p(`INSERT OR IGNORE INTO headings (idx, skey, record) VALUES ${Array.from({ length: HEADING_ROWS }, () => '(?, ?, ?)').join(', ')}`),
      delHeading: p('DELETE FROM headings WHERE idx = ? AND skey = ? AND record = ?'),
      insIntent: p('INSERT INTO write_intents (stamp, created) VALUES (?, ?)'),
      delIntent: p('DELETE FROM write_intents WHERE id = ?'),
      oldIntents: p('DELETE FROM write_intents WHERE created < ?'),
      park: p('INSERT OR REPLACE INTO withheld_records (record, until, format, body, hash, sets, provenance) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      unpark: p('DELETE FROM withheld_records WHERE record = ?'),
      due: p(`SELECT r.isil, r.local_id AS localId, w.format, w.body, w.hash, w.sets, w.provenance
              FROM withheld_records w JOIN records r ON r.id = w.record WHERE w.until <= ? ORDER BY w.until, w.record`),
    }
  }

  /**
   * Runs `fn` in one BEGIN IMMEDIATE transaction, after committing an intent that holds stableStamp
   * below the first stamp `fn` may use; the intent is removed in the same transaction (or after a
   * rollback), and a killed writer's intent expires after INTENT_TTL_US.
   */
  transaction<T> (fn: (nextStamp: () => number) => T): T {
    const intentStamp = this.clock()
    const created = Date.now() * 1000
    this.s.oldIntents.run(created - INTENT_TTL_US)
    const intent = Number(this.s.insIntent.run(intentStamp, created).lastInsertRowid)
    try {
      return this.db.transaction(() => {
        let last = Math.max((this.s.maxStamp.get() as { m: number | null }).m ?? 0, intentStamp - 1)
        const next = (): number => { last = Math.max(this.clock(), last + 1); return last }
        const out = fn(next)
        this.s.delIntent.run(intent)
        return out
      }).immediate()
    } catch (e) {
      try { this.s.delIntent.run(intent) } catch { /* the connection is gone; the intent expires */ }
      throw e
    }
  }

  /** Write a batch in one transaction; the outcome of each row, in order. */
  upsert (rows: readonly WriteRow[]): UpsertOutcome[] {
    return this.transaction((next) => this.writeRows(rows, next))
  }

  /**
   * Several batches in one transaction (the writer thread's group commit): `fn` gets a `write` that
   * writes one batch under a savepoint of its own, so a batch that fails leaves nothing and the
   * batches before it still commit with the group. Throws GroupLost when a failure took the whole
   * transaction with it (SQLite rolls back on its own for a full disk and the like): then nothing
   * of the group was written.
   */
  group<T> (fn: (write: (rows: readonly WriteRow[]) => UpsertOutcome[]) => T): T {
    return this.transaction((next) => fn((rows) => {
      try {
        return this.db.transaction(() => this.writeRows(rows, next))()
      } catch (e) {
        if (!this.db.inTransaction) throw new GroupLost(e)
        throw e
      }
    }))
  }

  /**
   * Make live, in one transaction, every withheld record whose embargo ended at or before `cutoffUs`
   * and the clock: its parked row is written as an import would write it (new stamp, search index,
   * live set rows). Capped by the clock so that a release is never stamped before the embargo's end.
   */
  release (cutoffUs: number): number {
    return this.transaction((next) => {
      const due = this.s.due.all(Math.min(cutoffUs, this.clock())) as HeldRow[]
      this.writeRows(due.map(h => ({
        isil: h.isil,
        localId: h.localId,
        format: h.format,
        deleted: false,
        body: h.body,
        hash: h.hash,
        sets: JSON.parse(h.sets) as string[],
        provenance: h.provenance,
        doc: null,
        withheldUntil: null,
      })), next)
      return due.length
    })
  }

  private writeRows (rows: readonly WriteRow[], next: () => number): UpsertOutcome[] {
    const out: UpsertOutcome[] = []
    try {
      for (const r of rows) out.push(this.upsertOne(r, next))
      this.flushHeadings()
    } catch (e) {
      this.pendingHeadings = []
      this.pendingIds.clear()
      throw e
    }
    return out
  }

  /** Keep the row a withheld record would write until its release (or a later import). */
  private park (id: number, r: WriteRow): void {
    this.s.park.run(id, parkedUntil(r), r.format, r.body, r.hash, JSON.stringify(r.sets), r.provenance)
  }

  private writeIndex (id: number, doc: IndexDoc): void {
    const t = doc.text
    this.s.insText.run(id, t.title, t.author, t.subject, t.publisher, t.isbn, t.issn, t.identifier, t.date, t.language, t.other, t.heads)
    for (const h of doc.headings) this.pendingHeadings.push([HEADING_IDS[h.index], h.sort, id])
    this.pendingIds.add(id)
  }

  /**
   * Headings are inserted in key order at the end of a batch: sorted inserts touch each B-tree page
   * once per batch instead of once per record (measured: a third less time than random order), and
   * HEADING_ROWS of them per statement, which spares the per-statement cost of binding and stepping.
   */
  private flushHeadings (): void {
    const rows = this.pendingHeadings
    rows.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2]))
    const args = this.headingArgs
    let i = 0
    for (; i + HEADING_ROWS <= rows.length; i += HEADING_ROWS) {
      for (let j = 0; j < HEADING_ROWS; j++) {
        const r = rows[i + j]
        args[3 * j] = r[0]; args[3 * j + 1] = r[1]; args[3 * j + 2] = r[2]
      }
      this.s.insHeadings.run(args)
    }
    for (; i < rows.length; i++) this.s.insHeading.run(rows[i][0], rows[i][1], rows[i][2])
    this.pendingHeadings = []
    this.pendingIds.clear()
  }

  /** Remove a live record from the search tables, recomputing its headings from its stored body. */
  private removeIndex (id: number, format: SourceFormat): void {
    if (this.pendingIds.has(id)) this.flushHeadings() // the same record twice in one batch
    this.s.delText.run(id)
    const body = (this.s.body.get(id) as { body: string | null } | undefined)?.body ?? null
    if (body === null) return
    for (const h of headingsOf(contentEntries(decodeBody(format, body)))) this.s.delHeading.run(HEADING_IDS[h.index], h.sort, id)
  }

  private insertSets (id: number, sets: readonly string[], stamp: number, deleted: 0 | 1): void {
    for (const spec of expandSets(sets)) this.s.insSet.run(spec, stamp, id, deleted)
  }

  private deleteSets (sets: readonly string[], stamp: number): void {
    for (const spec of expandSets(sets)) this.s.delSet.run(spec, stamp)
  }

  private upsertOne (r: WriteRow, next: () => number): UpsertOutcome {
    const ex = this.s.existing.get(r.isil, r.localId) as ExistingRow | undefined
    // the sets as stored (JSON) only where a row is written: an unchanged re-import writes none
    const setsJson = (): string => JSON.stringify(r.sets)
    // A withheld record is a tombstone to every reader; what it would write waits in withheld_records.
    const withheld = !r.deleted && r.withheldUntil !== null
    if (ex === undefined) {
      const stamp = next()
      if (r.deleted || withheld) {
        const info = this.s.insert.run(r.isil, r.localId, r.format, null, r.hash, stamp, 1, setsJson(), r.provenance, null, null, null)
        const id = Number(info.lastInsertRowid)
        this.insertSets(id, r.sets, stamp, 1)
        if (withheld) this.park(id, r)
        return 'deleted'
      }
      const doc = r.doc ?? docOf(r)
      const info = this.s.insert.run(r.isil, r.localId, r.format, r.body, r.hash, stamp, 0, setsJson(), r.provenance, doc.sortTitle, doc.sortAuthor, doc.sortDate)
      const id = Number(info.lastInsertRowid)
      this.writeIndex(id, doc)
      this.insertSets(id, r.sets, stamp, 0)
      return 'added'
    }
    const held = ex.heldHash !== null
    if (r.deleted || withheld) {
      if (ex.deleted === 1) {
        // Already a tombstone to readers: nothing they see changes, so the stamp stays. A deletion
        // ends a withholding for good; a withholding with other content or another end is parked.
        if (!withheld) {
          if (held) this.s.unpark.run(ex.id)
          return 'unchanged'
        }
        if (held && ex.heldHash === r.hash && ex.heldUntil === parkedUntil(r)) return 'unchanged'
        this.park(ex.id, r)
        return 'deleted'
      }
      // Tombstones keep the sets the record was in, so set-restricted harvests see the deletion.
      const stamp = next()
      this.removeIndex(ex.id, ex.format)
      this.s.tombstone.run(stamp, ex.id)
      for (const spec of expandSets(JSON.parse(ex.sets) as string[])) this.s.restampSet.run(stamp, 1, spec, ex.stamp)
      if (withheld) this.park(ex.id, r)
      return 'deleted'
    }
    if (ex.deleted === 0 && ex.hash === r.hash) {
      // Provenance (e.g. the upstream harvest date) is not content: keep the stamp.
      if (r.provenance !== null && r.provenance !== ex.provenance) this.s.setProvenance.run(r.provenance, ex.id)
      return 'unchanged'
    }
    const stamp = next()
    if (ex.deleted === 0) this.removeIndex(ex.id, ex.format)
    const doc = r.doc ?? docOf(r)
    this.writeIndex(ex.id, doc)
    this.s.update.run(r.format, r.body, r.hash, stamp, 0, setsJson(), r.provenance, doc.sortTitle, doc.sortAuthor, doc.sortDate, ex.id)
    this.deleteSets(JSON.parse(ex.sets) as string[], ex.stamp)
    this.insertSets(ex.id, r.sets, stamp, 0)
    if (held) this.s.unpark.run(ex.id)
    return 'updated'
  }
}
