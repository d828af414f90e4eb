import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { LibgateError } from '../errors.js'
import type { DcRecord } from '../model/dc.js'
import type { Isil } from '../model/isil.js'
import { controlValue, type MarcRecord } from '../model/marc.js'
import type { IncomingRecord } from '../model/record.js'
import type { RecordBatch, RecordStore, UpsertResult } from '../store/port.js'
import { recordSets } from '../../mappings/record-sets.js'
import { marcWithholding, type Withholding } from '../../mappings/marc21-withholding.js'
import { detectMarcFormat, readIso2709, readMarcXml, readMij, type MarcEncoding } from './marc/index.js'
import { readOaiDc } from './dc/oai-dc-reader.js'
import { ImportReport, type ImportSummary, type RejectInfo } from './report.js'

export type { ImportSummary, RejectInfo } from './report.js'

export type ImportFormat = 'iso2709' | 'marcxml' | 'dc' | 'mij'

export interface ImportOptions<T = IncomingRecord> {
  library: Isil
  files: string[]
  format?: ImportFormat
  encoding?: 'auto' | MarcEncoding
  /** Records per store transaction (default DEFAULT_BATCH_SIZE). */
  batchSize?: number
  onProgress?: (p: { records: number, rejected: number, ratePerSec: number }) => void
  onReject?: (r: RejectInfo) => void
  /**
   * What onBatch gets of each record, taken when its batch is handed to the store. Without it onBatch
   * gets the records themselves, kept until the batch commits; with it only what it returns is kept
   * (two or three batches of records held for the callback were a tenth of an import's peak memory).
   */
  keep?: (record: IncomingRecord) => T
  /** Called after each batch has been committed, with what `keep` took of its records. */
  onBatch?: (batch: readonly T[]) => Promise<void>
}

/**
 * Records per store transaction. Measured on 100k synthetic records through the CLI (holdings sync
 * included): 1000 gave 10.2–10.3 s and a peak RSS of 299–314 MB, 700 gave 10.4–10.6 s and 277–282 MB,
 * 500 gave 10.5–11.2 s and 272–281 MB. A batch being filled outlives young-generation collections
 * once it is large, so its records are promoted and collected late; below ~700 the writer thread's
 * fixed cost per transaction (an FTS segment, a commit) starts to show.
 */
export const DEFAULT_BATCH_SIZE = 700
/**
 * A batch is also handed over once its records hold this many characters of data, so that memory
 * stays bounded by bytes, not by a count of records of any size (a file of 99,999-byte records, or of
 * serials with thousands of items each, would otherwise hold 700 of them per batch, three batches at
 * a time). The synthetic records average about 550 characters: 700 of them are 0.4 M.
 */
export const BATCH_CHARS = 1_000_000
/**
 * Batches handed to the store and not yet committed. A file store's writer thread writes the batches
 * queued behind each other in one transaction (group commit), so when it is the slower side it gets
 * up to this many per commit. The store keeps only the ids of a batch in flight; the thread keeps
 * the serialised rows. Measured on 100k records: 2 gave a peak RSS of 238–250 MB, 4 gave 269–271 MB
 * and 0.8 GB written instead of 1.2 GB, 8 gave 338–356 MB.
 */
const MAX_IN_FLIGHT = 4
const READ_CHUNK = 256 * 1024
const HEAD_BYTES = 8192

const NOT_WITHHELD: Withholding = { until: undefined, notes: [] }

/** One record read from a file, before identity and sets are assigned. */
interface Item {
  readonly position: number
  readonly offset: number
  readonly marc?: MarcRecord
  readonly dc?: DcRecord
  readonly dcIdentifier?: string
  readonly deleted: boolean
  readonly error?: string
  readonly repairs: readonly string[]
}

/**
 * The format of a file from its first bytes. Binary data that is not recognisably anything is read
 * as ISO 2709 (a damaged leader should not stop a file: the reader recovers or rejects record by
 * record); XML that is neither MARCXML nor Dublin Core goes to the MARCXML reader, which finds the
 * MARC records in any envelope.
 */
async function detect (file: string): Promise<ImportFormat> {
  const fh = await open(file, 'r')
  try {
    const buf = Buffer.alloc(HEAD_BYTES)
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0)
    const head = buf.subarray(0, bytesRead)
    const f = detectMarcFormat(head)
    if (f === 'oai_dc') return 'dc'
    if (f !== undefined) return f
    const text = head.toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart()
    return text.startsWith('<') ? 'marcxml' : text.startsWith('{') || text.startsWith('[') ? 'mij' : 'iso2709'
  } finally {
    await fh.close()
  }
}

async function * items (file: string, format: ImportFormat, encoding: ImportOptions['encoding']): AsyncGenerator<Item> {
  const input = createReadStream(file, { highWaterMark: READ_CHUNK })
  if (format === 'dc') {
    for await (const r of readOaiDc(input)) {
      yield { position: r.position, offset: r.offset, dc: r.record ?? undefined, dcIdentifier: r.identifier, deleted: r.deleted, error: r.error, repairs: r.repairs }
    }
    return
  }
  const reader = format === 'iso2709' ? readIso2709 : format === 'marcxml' ? readMarcXml : readMij
  for await (const r of reader(input, { encoding: encoding ?? 'auto' })) {
    const marc = r.record ?? undefined
    yield { position: r.position, offset: r.offset, marc, deleted: marc !== undefined && marc.leader.charAt(5) === 'd', error: r.error, repairs: r.repairs }
  }
}

/** The characters of data a record holds (its size, give or take the markup of its fields). */
function recordChars (marc: MarcRecord | undefined, dc: DcRecord | undefined): number {
  let n = 0
  if (marc !== undefined) {
    n = marc.leader.length
    for (const f of marc.fields) {
      if ('value' in f) { n += f.value.length + 3; continue }
      n += 5
      for (const s of f.subfields) n += s.value.length + 2
    }
  }
  if (dc !== undefined) for (const e of dc.elements) n += e.value.length + e.name.length
  return n
}

/** A stable id for a record that has none: `h-` + 16 hex digits of the SHA-256 of its content. */
export function contentId (content: unknown): string {
  return 'h-' + createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16)
}

/** The local part of an OAI identifier (`oai:repo.example:123/4` → `123/4`), else the whole value. */
export function oaiLocalPart (identifier: string): string {
  const m = /^oai:[^:]+:(.+)$/.exec(identifier)
  return m === null ? identifier : m[1]
}

/**
 * The identity of an item: MARC 001 (trimmed); for Dublin Core the OAI identifier's local part, else
 * its first dc:identifier; otherwise a content-derived id (`derived: true`).
 */
function identify (it: Item): { localId: string, derived: boolean } | undefined {
  if (it.marc !== undefined) {
    const id = controlValue(it.marc, '001')?.trim()
    if (id !== undefined && id !== '') return { localId: id, derived: false }
    return { localId: contentId({ leader: it.marc.leader.slice(5, 10), fields: it.marc.fields }), derived: true }
  }
  if (it.dcIdentifier !== undefined && it.dcIdentifier !== '') return { localId: oaiLocalPart(it.dcIdentifier), derived: false }
  if (it.dc !== undefined) {
    const first = it.dc.elements.find(e => e.name === 'identifier')?.value.trim()
    if (first !== undefined && first !== '') return { localId: first, derived: false }
    return { localId: contentId(it.dc.elements), derived: true }
  }
  return undefined
}

/**
 * Imports files into the store: streams each file (format detected from its first bytes unless
 * forced), assigns identities and sets, and writes batches of `batchSize` records, each atomically
 * (never half written), while the next batch is being read. Memory stays bounded whatever the file size
 * (MAX_IN_FLIGHT batches in flight; report lists capped, see ImportReport).
 * Throws LibgateError LG_ERR_IMPORT_READ when a file cannot be read (files before it stay imported)
 * and LG_ERR_IMPORT_STORE when the database refuses a batch.
 */
export async function importFiles<T = IncomingRecord> (store: RecordStore, opts: ImportOptions<T>): Promise<ImportSummary> {
  const report = new ImportReport()
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE)
  // One clock reading for every record's withholding: an embargo that ends during a long import is
  // no withholding by the time the store writes it (the store checks the end again), so none is missed.
  const startedUs = Date.now() * 1000
  const started = Date.now()
  // Batches handed to the store and not yet committed: the store encodes and indexes a batch when
  // it is handed over and writes batches in order (a file store on its writer thread), so with
  // several in flight reading, indexing and writing overlap.
  const pending: Array<Promise<void>> = []
  let inflight: Promise<void> | undefined
  const progress = (): void => {
    const secs = Math.max(0.001, (Date.now() - started) / 1000)
    opts.onProgress?.({ records: report.records, rejected: report.counts.rejected, ratePerSec: Math.round(report.records / secs) })
  }
  const settle = async (prev: Promise<void> | undefined, batch: readonly T[] | undefined, written: Promise<UpsertResult[]>): Promise<void> => {
    if (prev !== undefined) await prev
    let results
    try {
      results = await written
    } catch (e) {
      throw new LibgateError('LG_ERR_IMPORT_STORE', `cannot write to the database: ${(e as Error).message}`, { cause: e })
    }
    for (const r of results) report.count(r.outcome)
    progress()
    if (opts.onBatch !== undefined && batch !== undefined) await opts.onBatch(batch)
  }
  const submit = async (batch: RecordBatch, kept: T[] | undefined): Promise<void> => {
    while (pending.length >= MAX_IN_FLIGHT) await pending.shift()
    const written = batch.write()
    written.catch(() => undefined) // handled in settle
    inflight = settle(inflight, kept, written)
    inflight.catch(() => undefined) // handled when awaited; do not let it count as unhandled meanwhile
    pending.push(inflight)
  }
  // Only what onBatch wants of the records is kept until their batch is committed.
  const keep = opts.keep ?? ((r: IncomingRecord) => r as unknown as T)
  const keeping = opts.onBatch !== undefined

  for (const file of opts.files) {
    try {
      const st = await stat(file)
      if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' })
    } catch (e) {
      if (inflight !== undefined) await inflight
      const err = e as NodeJS.ErrnoException
      const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.message
      throw new LibgateError('LG_ERR_IMPORT_READ', `cannot read '${file}': ${why}`, { cause: e })
    }
    const format = opts.format ?? await detect(file)
    let batch = store.openBatch()
    let kept: T[] | undefined = keeping ? [] : undefined
    let batchChars = 0
    try {
      for await (const it of items(file, format, opts.encoding)) {
        report.read()
        if (it.error !== undefined || (it.marc === undefined && it.dc === undefined && !it.deleted)) {
          const reject = { file, position: it.position, offset: it.offset, reason: it.error ?? 'no record' }
          report.reject(reject)
          opts.onReject?.(reject)
          continue
        }
        const ident = identify(it)
        if (ident === undefined) {
          const reject = { file, position: it.position, offset: it.offset, reason: 'deleted record without an identifier' }
          report.reject(reject)
          opts.onReject?.(reject)
          continue
        }
        if (ident.derived) report.noId(file, it.position, ident.localId)
        // Suppression and embargo (942 $n, 506 $g) are reported beside the repairs, one note each.
        const held: Withholding = it.deleted || it.marc === undefined ? NOT_WITHHELD : marcWithholding(it.marc, startedUs)
        if (it.repairs.length > 0 || held.notes.length > 0) report.repair(file, it.position, ident.localId, [...it.repairs, ...held.notes])
        const id = { isil: opts.library, localId: ident.localId }
        const marc = it.deleted ? null : (it.marc ?? null)
        const dc = it.deleted ? null : (it.dc ?? null)
        const record: IncomingRecord = {
          id,
          format: it.marc !== undefined || format !== 'dc' ? 'marc21' : 'dc',
          marc,
          dc,
          deleted: it.deleted,
          sets: recordSets(opts.library, { marc: it.marc ?? null, dc: it.dc ?? null }),
          withheldUntil: held.until,
        }
        try {
          batch.add(record) // the store may encode and index it now
        } catch (e) {
          throw new LibgateError('LG_ERR_IMPORT_STORE', `cannot write to the database: ${(e as Error).message}`, { cause: e })
        }
        kept?.push(keep(record))
        batchChars += recordChars(it.marc, it.dc)
        if (batch.length >= batchSize || batchChars >= BATCH_CHARS) {
          await submit(batch, kept)
          batch = store.openBatch()
          kept = keeping ? [] : undefined
          batchChars = 0
        }
      }
    } catch (e) {
      if (inflight !== undefined) await inflight.catch(() => undefined)
      if (e instanceof LibgateError) throw e
      const err = e as NodeJS.ErrnoException
      throw new LibgateError('LG_ERR_IMPORT_READ', `cannot read '${file}': ${err.message}`, { cause: e })
    }
    if (batch.length > 0) await submit(batch, kept)
  }
  if (inflight !== undefined) await inflight
  return report.summary()
}
