import type { Isil } from '../model/isil.js'
import type { IncomingRecord, RecordId, StoredRecord } from '../model/record.js'
import type { IndexName, Query, SortKey } from '../search/ast.js'

/**
 * The record store port. Protocol code depends on this interface only; adapters live in
 * src/store/sqlite/ (now) and src/store/postgres/ (later), so nothing here may assume SQLite.
 * Every method is async so that a network database fits behind it.
 */

export type UpsertOutcome = 'added' | 'updated' | 'unchanged' | 'deleted'

export interface UpsertResult {
  readonly id: RecordId
  readonly outcome: UpsertOutcome
}

/** Keyset position in the change order. `stamp` is unique, so it alone orders the list. */
export interface ChangeCursor {
  readonly stamp: number
}

export interface ChangeQuery {
  readonly fromStamp?: number // inclusive, microseconds
  readonly untilStamp?: number // inclusive, microseconds
  readonly set?: string // exact setSpec or a parent: 'library' matches 'library:VN-…'
  readonly after?: ChangeCursor // exclusive: resume after this position
  readonly limit: number
  readonly format?: 'marc21' | 'dc' // only records whose source format is this (deleted ones are always included)
}

export interface SetInfo {
  readonly spec: string
  readonly count: number // live records in the set
}

export interface SearchOptions {
  readonly sort?: readonly SortKey[]
  readonly offset: number // 0-based
  readonly limit: number // 0: count only
  /**
   * Only the first `records` of the `limit` results come whole; all of them come in `hits` too.
   * A result set keeps a window of hits to page through without searching again, and reads only
   * the records of the page it serves.
   */
  readonly records?: number
}

/** A result without its record: enough to fetch it, and to tell whether it changed since. */
export interface SearchHit {
  readonly id: RecordId
  readonly stamp: number
}

export interface SearchResult {
  readonly total: number
  readonly records: readonly StoredRecord[]
  /** Set when SearchOptions.records was: every result of [offset, offset + limit), in order. */
  readonly hits?: readonly SearchHit[]
}

export interface ScanEntry {
  readonly term: string // the display form (NFC, as catalogued)
  readonly count: number // live records with this term
}

export interface ScanOptions {
  readonly index: IndexName
  readonly from: string // start term (compared in Vietnamese alphabetical order)
  readonly before: number // entries to return before the start point
  readonly after: number // entries to return from the start point on (inclusive)
  /** Only the records of this library: its terms and their counts in it (a library's own database). */
  readonly library?: Isil
}

/** Indexes a result can be counted by (SRU 2.0 facets). */
export type FacetIndex = 'subject' | 'date' | 'type' | 'language' | 'library'

export interface FacetOptions {
  readonly index: FacetIndex
  /** 'count': most records first, ties in Vietnamese alphabetical order; 'alpha': that order alone. */
  readonly order: 'count' | 'alpha'
  readonly offset: number // 0-based, into that order
  readonly limit: number
}

export interface FacetCount {
  readonly value: string // the display form: a heading as catalogued, a year, a code, an ISIL
  readonly count: number // records of the result with this value
}

/** See RecordStore.openBatch. */
export interface RecordBatch {
  add (record: IncomingRecord): void
  /** Records added so far. */
  readonly length: number
  /** Writes the records added (once; the batch is spent then), as upsertBatch does. */
  write (): Promise<UpsertResult[]>
}

export interface RecordStore extends MetaStore {
  /**
   * Write a batch in one transaction: all of it becomes visible at once, or none (a killed import
   * leaves every record old or new). An unchanged record (same hash) keeps its stamp. A deletion of
   * an unknown id creates a tombstone; of a tombstone is 'unchanged'. A withheld record (suppressed or
   * under embargo) is a tombstone to every reader, with outcome 'deleted' when it is withheld anew or
   * with other content, 'unchanged' when it comes again as it was; brought without the withholding
   * it is live again with a new stamp ('updated').
   */
  upsertBatch (batch: readonly IncomingRecord[]): Promise<UpsertResult[]>
  /**
   * A batch filled record by record and written as upsertBatch writes its records: a store may do
   * its per-record work (encoding, indexing) as each is added, so that an importer need not keep
   * whole parsed records until the batch is full.
   */
  openBatch (): RecordBatch
  get (id: RecordId): Promise<StoredRecord | undefined>
  /** Records (live and deleted) in change order, by keyset. */
  listChanges (q: ChangeQuery): Promise<StoredRecord[]>
  countChanges (q: Omit<ChangeQuery, 'after' | 'limit'>): Promise<number>
  /** Stamp of the oldest change (live or deleted), undefined on an empty store. */
  earliestStamp (): Promise<number | undefined>
  /**
   * Every change with a stamp below this is committed and visible: now, or the first stamp an
   * in-flight write (in any process) may still commit. OAI-PMH caps `until` and responseDate with it,
   * so an incremental harvest that starts from the last responseDate never misses a change.
   */
  stableStamp (): Promise<number>
  /**
   * The stamp of the latest committed change (0 for an empty store). Any write moves it, in any
   * process, so caches of search results and rendered responses key on it and never outlive a change.
   */
  latestStamp (): Promise<number>
  listSets (): Promise<SetInfo[]>
  libraries (): Promise<Isil[]>
  search (q: Query, opts: SearchOptions): Promise<SearchResult>
  scan (opts: ScanOptions): Promise<ScanEntry[]>
  /**
   * The values of some indexes over all the live records matching `q`, with exact counts, whatever
   * the size of the result: one list per request, in order. date is a record's first date (its sort
   * date); type and library come from its sets and identity; subject and language from its content.
   */
  facets (q: Query, wanted: readonly FacetOptions[]): Promise<FacetCount[][]>
  /**
   * Make live every withheld record (IncomingRecord.withheldUntil) whose embargo ended at or before
   * `nowUs` (microseconds since the epoch), in one transaction of the same kind as upsertBatch: each
   * takes a new stamp and returns to search, counts and its sets as live, so an incremental harvest
   * from the last responseDate sees it (stableStamp holds while the release is in flight). A release
   * is never ahead of the store's own clock, so its stamp is never before the embargo's end.
   * Suppressed records wait for an import. Idempotent; returns how many records were released (0 while
   * the store is still writing earlier batches: a later call releases them).
   */
  releaseWithheld (nowUs: number): Promise<number>
  /** Move every live record's stamp (e.g. the crosswalk version changed) so harvesters re-fetch. */
  touchAll (reason: string): Promise<number>
  stats (): Promise<{ live: number, deleted: number }>
  ping (): Promise<boolean>
  close (): Promise<void>
}

export interface MetaStore {
  /** A small persistent value (the token-signing secret, the crosswalk version); created once if absent. */
  getOrCreateMeta (key: string, create: () => string): Promise<string>
  setMeta (key: string, value: string): Promise<void>
}
