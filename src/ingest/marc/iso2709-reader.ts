/**
 * Streaming ISO 2709 reader. One bad record never stops the rest; bad data never throws (only the
 * input's own I/O errors propagate). Between records it skips a UTF-8 BOM, CR/LF, NULs and other
 * junk (Windows exports; research/marc.md §1.4 (c)). At end of input, a record missing only its
 * 0x1D terminator is recovered (and reported); a record cut short is rejected as truncated.
 */
import type { TextEncoding } from '../../text/charsets/index.js'
import { leaderScore, parseIso2709Record } from './iso2709-record.js'
import { RecordSplitter, type Segment } from './iso2709-split.js'
import { DEFAULT_MAX_RECORD_BYTES, type MarcReadResult, type ReadOptions } from './types.js'

const JUNK = new Set([0x0d, 0x0a, 0x00, 0x20, 0x09, 0x1a, 0x1e, 0x1f])
const SEARCH_LIMIT = 4096

/** First byte of the leader in `seg`, skipping a BOM and junk; -1 when the segment is only junk. */
function leaderStart (seg: Buffer): { p: number, skipped: number, junk: boolean } {
  let p = 0
  if (seg[0] === 0xef && seg[1] === 0xbb && seg[2] === 0xbf) p = 3
  while (p < seg.length && JUNK.has(seg[p])) p++
  const last = seg[seg.length - 1] === 0x1d ? seg.length - 1 : seg.length
  if (p >= last) return { p: -1, skipped: p, junk: false }
  if (leaderScore(seg, p) >= 3) return { p, skipped: p, junk: false }
  const limit = Math.min(last - 24, p + SEARCH_LIMIT)
  for (let q = p + 1; q <= limit; q++) {
    if (leaderScore(seg, q) === 4) return { p: q, skipped: q, junk: true }
  }
  return { p, skipped: p, junk: false }
}

/**
 * Reads ISO 2709 records from a byte stream.
 * @param input chunks of the file (a Readable, or any async iterable of bytes)
 * @param opts `encoding` overrides detection; `maxRecordBytes` (default 1 MiB) rejects larger records
 */
export async function * readIso2709 (input: AsyncIterable<Uint8Array>, opts: ReadOptions = {}): AsyncGenerator<MarcReadResult> {
  const max = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES
  const encoding = opts.encoding ?? 'auto'
  const splitter = new RecordSplitter(max)
  let position = 0
  let prefer: TextEncoding | undefined

  const handle = (s: Segment): MarcReadResult | undefined => {
    if (s.oversize !== undefined) {
      return { position: ++position, offset: s.offset, record: null, error: `record longer than the ${max}-byte limit (${s.oversize} bytes)`, repairs: [] }
    }
    const { p, skipped, junk } = leaderStart(s.bytes)
    if (p < 0) return undefined
    const r = parseIso2709Record(s.bytes, p, s.terminated, { encoding, ...(prefer === undefined ? {} : { prefer }) })
    if (junk) r.repairs.unshift(`skipped ${skipped} bytes of junk before the leader`)
    if (r.encoding !== undefined && r.record !== null) prefer = r.encoding
    const out: MarcReadResult = { position: ++position, offset: s.offset + p, record: r.record, repairs: r.repairs }
    if (r.error !== undefined) (out as { error?: string }).error = r.error
    if (r.encoding !== undefined) (out as { encoding?: TextEncoding }).encoding = r.encoding
    return out
  }

  for await (const chunk of input) {
    for (const s of splitter.push(chunk)) {
      const r = handle(s)
      if (r !== undefined) yield r
    }
  }
  const last = splitter.end()
  if (last !== undefined) {
    const r = handle(last)
    if (r !== undefined) yield r
  }
}
