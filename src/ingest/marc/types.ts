/** Result and option types shared by the MARC readers (the public API of src/ingest/marc). */
import type { MarcRecord } from '../../model/marc.js'
import type { TextEncoding } from '../../text/charsets/index.js'

export type MarcEncoding = TextEncoding

export interface MarcReadResult {
  /** 1-based record number in the file (rejected records count too). */
  readonly position: number
  /** Byte offset of the record start (ISO 2709), or the line number of its start (MARCXML, MiJ). */
  readonly offset: number
  /** The record, NFC throughout, leader/09 'a'; null when rejected. */
  readonly record: MarcRecord | null
  /** Why the record was rejected (one line). */
  readonly error?: string
  /** Every repair applied to the record, one line each. */
  readonly repairs: string[]
  /** What the record's bytes were decoded as. */
  readonly encoding?: MarcEncoding
}

export interface ReadOptions {
  /** 'auto' (default) detects per record; a named encoding overrides detection (per-source setting). */
  encoding?: 'auto' | MarcEncoding
  /** Largest record accepted (bytes of ISO 2709, characters of MARCXML/MiJ text); default 1 MiB. */
  maxRecordBytes?: number
}

export const DEFAULT_MAX_RECORD_BYTES = 1 << 20
