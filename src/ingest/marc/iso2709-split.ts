/**
 * Splits a byte stream into ISO 2709 records at the record terminator 0x1D (ISO 2709 §4.5), over
 * bytes, never strings. The carry between chunks is a list of parts joined once per record, not a
 * growing buffer concatenated on every chunk (STYLE.md anti-pattern), so a record spread over many
 * small chunks costs O(record) and a huge chunk costs O(chunk).
 */
export const RT = 0x1d

export interface Segment {
  /** Bytes of the record, its terminator included when `terminated`. */
  readonly bytes: Buffer
  /** File offset of bytes[0]. */
  readonly offset: number
  readonly terminated: boolean
  /** Set when the record passed `maxBytes`: its bytes were dropped, only its length is known. */
  readonly oversize?: number
}

export function asBuffer (b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)
}

export class RecordSplitter {
  private parts: Buffer[] = []
  private partsLength = 0
  private start = 0 // file offset of the pending record
  private read = 0 // file offset of the next chunk
  private dropped = 0 // bytes of an oversize record thrown away so far

  constructor (private readonly maxBytes: number) {}

  /** Complete records in `chunk` (with the carry from earlier chunks). */
  push (input: Uint8Array): Segment[] {
    const chunk = asBuffer(input)
    const out: Segment[] = []
    let from = 0
    for (;;) {
      const at = chunk.indexOf(RT, from)
      if (at === -1) break
      const piece = chunk.subarray(from, at + 1)
      const offset = this.start
      if (this.dropped > 0) {
        out.push({ bytes: Buffer.alloc(0), offset, terminated: true, oversize: this.dropped + piece.length })
      } else if (this.partsLength + piece.length > this.maxBytes) {
        out.push({ bytes: Buffer.alloc(0), offset, terminated: true, oversize: this.partsLength + piece.length })
      } else {
        const bytes = this.partsLength === 0 ? piece : Buffer.concat([...this.parts, piece], this.partsLength + piece.length)
        out.push({ bytes, offset, terminated: true })
      }
      this.parts = []
      this.partsLength = 0
      this.dropped = 0
      this.start = this.read + at + 1
      from = at + 1
    }
    if (from < chunk.length) {
      const rest = chunk.subarray(from)
      if (this.dropped > 0) this.dropped += rest.length
      else if (this.partsLength + rest.length > this.maxBytes) {
        // Past the limit without a terminator: keep counting, stop keeping (flat memory).
        this.dropped = this.partsLength + rest.length
        this.parts = []
        this.partsLength = 0
      } else {
        // Copied: the producer owns `chunk` once we ask for the next one.
        this.parts.push(Buffer.from(rest))
        this.partsLength += rest.length
      }
    }
    this.read += chunk.length
    return out
  }

  /** What is left at the end of input: a record without its terminator, or nothing. */
  end (): Segment | undefined {
    const offset = this.start
    if (this.dropped > 0) return { bytes: Buffer.alloc(0), offset, terminated: false, oversize: this.dropped }
    if (this.partsLength === 0) return undefined
    const bytes = Buffer.concat(this.parts, this.partsLength)
    this.parts = []
    this.partsLength = 0
    return { bytes, offset, terminated: false }
  }
}
