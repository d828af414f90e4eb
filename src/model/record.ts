import type { Isil } from './isil.js'
import type { MarcRecord } from './marc.js'
import type { DcRecord } from './dc.js'

/** A record's identity: its library's ISIL plus its local id (MARC 001, or a stable content id). */
export interface RecordId {
  readonly isil: Isil
  readonly localId: string
}

export type SourceFormat = 'marc21' | 'dc'

/**
 * Where a record came from when it was harvested from an upstream OAI-PMH provider; served in the
 * OAI-PMH `about` container (provenance schema). Null for records imported from files.
 */
export interface Provenance {
  readonly baseURL: string
  readonly identifier: string
  readonly datestamp: string
  readonly metadataNamespace: string
  readonly harvestDate: string
}

/**
 * The one record model that every protocol reads (STYLE.md P1). Only ingest writes it.
 * `stamp` is the store's change sequence: integer microseconds since the epoch, strictly increasing
 * across the whole store and unique, assigned when a change becomes visible in libgate. `datestamp`
 * is the same instant as a Date (OAI-PMH shows it at seconds granularity).
 */
export interface StoredRecord {
  readonly id: RecordId
  readonly stamp: number
  readonly datestamp: Date
  readonly deleted: boolean
  readonly format: SourceFormat
  readonly marc: MarcRecord | null // set when format = 'marc21' (null on a tombstone)
  readonly dc: DcRecord | null // set when format = 'dc' (null on a tombstone)
  readonly sets: readonly string[] // 'library:VN-…', 'type:book', …; kept on tombstones
  readonly hash: string // content hash of the canonical record + sets
  readonly provenance: Provenance | null
  /**
   * `marc` in its canonical compact encoding (src/model/marc-compact.ts), UTF-8, when the store has
   * those bytes at hand: renderers that work on bytes use them and never decode `marc`. Optional:
   * a store may leave it out, and it is absent on tombstones and DC records.
   */
  readonly marcCompact?: Uint8Array
}

/** What ingest hands to the store: the canonical, NFC-normalised record. */
export interface IncomingRecord {
  readonly id: RecordId
  readonly format: SourceFormat
  readonly marc: MarcRecord | null
  readonly dc: DcRecord | null
  readonly deleted: boolean // true: make (or keep) a tombstone
  readonly sets: readonly string[]
  readonly provenance?: Provenance | null
  /**
   * Withheld by the library (research R-56, C-52): served exactly as a deleted record, its content
   * kept by the store but never served. A number is an embargo's end in microseconds since the epoch:
   * the store makes the record live, with a new stamp, once that instant has passed (an instant
   * already past means live now). 'suppressed' lasts until an import brings the record without it.
   * Absent: not withheld. Ignored when `deleted` is true.
   */
  readonly withheldUntil?: number | 'suppressed'
}

export function recordKey (id: RecordId): string {
  return `${id.isil}:${id.localId}`
}

export function stampToDate (stamp: number): Date {
  return new Date(Math.floor(stamp / 1000))
}
