import { ProtocolError } from '../../../src/errors.js'

const CR = 0x0d
const LF = 0x0a

/** Longest request line accepted (smtp-server uses 4 KiB too); SIP2 requests are a few hundred bytes. */
export const MAX_LINE = 4096

/**
 * Bytes in the first complete SIP2 message of `buf` including its terminator; 0 when more bytes
 * are needed. The spec's terminator is CR; CR LF (Cen-Tec kiosks, Koha's emulator) and a bare LF
 * are tolerated (research/sip2.md §1.2). The limit applies before the terminator arrives, so a
 * peer cannot make us buffer an endless line. Throws ProtocolError past `maxLine`.
 */
export function sip2FrameLength (buf: Uint8Array, maxLine: number = MAX_LINE): number {
  const n = Math.min(buf.length, maxLine + 1)
  for (let i = 0; i < n; i++) {
    const b = buf[i]
    if (b === CR || b === LF) return i + 1
  }
  if (buf.length > maxLine) throw new ProtocolError('LG_ERR_SIP2_LINE_TOO_LONG', `SIP2 message longer than ${maxLine} bytes`)
  return 0
}

/**
 * Splits a byte stream into messages (terminators removed, empty lines such as the LF of a CR LF
 * dropped). Only the unfinished tail is kept between chunks, and it is at most `maxLine` bytes, so
 * no backlog is re-concatenated (the ldapts anti-pattern).
 */
export class Sip2LineSplitter {
  private pending: Buffer | undefined

  constructor (readonly maxLine: number = MAX_LINE) {}

  /** Complete messages in arrival order. Throws ProtocolError when a line exceeds the limit. */
  push (chunk: Buffer): Buffer[] {
    let buf = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk])
    this.pending = undefined
    const out: Buffer[] = []
    for (;;) {
      const n = sip2FrameLength(buf, this.maxLine)
      if (n === 0) break
      if (n > 1) out.push(buf.subarray(0, n - 1))
      buf = buf.subarray(n)
    }
    if (buf.length > 0) this.pending = Buffer.from(buf)
    return out
  }

  /** Bytes of an unfinished message held back. */
  get buffered (): number { return this.pending?.length ?? 0 }
}
