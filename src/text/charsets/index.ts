/**
 * Character sets of MARC data: decoding by name, and detection that trusts the bytes over the
 * leader (research/marc.md §1.6 and §4.2; issue 2).
 */
import { isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'
import { decodeMarc8, looksLikeMarc8 } from './marc8.js'
import { decodeCp1258, decodeTcvn3, decodeVni } from './vietnamese-legacy.js'
import { vietnameseWords } from './vietnamese-syllable.js'

export { decodeMarc8, encodeMarc8 } from './marc8.js'
export { decodeCp1258, decodeTcvn3, decodeVni } from './vietnamese-legacy.js'
export { isVietnameseSyllable, vietnameseScore, vietnameseWords } from './vietnamese-syllable.js'

export type TextEncoding = 'utf8' | 'marc8' | 'tcvn3' | 'vni' | 'cp1258' | 'latin1'

export const TEXT_ENCODINGS: readonly TextEncoding[] = ['utf8', 'marc8', 'tcvn3', 'vni', 'cp1258', 'latin1']

export interface Decoded {
  readonly text: string
  /** Bytes that could not be decoded and were replaced by U+FFFD (or dropped). */
  readonly problems: number
}

function asBuffer (bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

function countReplacements (s: string): number {
  let n = 0
  for (let i = s.indexOf('\ufffd'); i !== -1; i = s.indexOf('\ufffd', i + 1)) n++
  return n
}

/** Decodes bytes[start, end) as `encoding`. Never throws; the text is not yet NFC. */
export function decodeBytes (encoding: TextEncoding, bytes: Uint8Array, start = 0, end = bytes.length): Decoded {
  switch (encoding) {
    case 'utf8': {
      const text = asBuffer(bytes).toString('utf8', start, end)
      return { text, problems: text.includes('\ufffd') ? countReplacements(text) : 0 }
    }
    case 'marc8': return decodeMarc8(bytes, start, end)
    case 'tcvn3': return { text: decodeTcvn3(bytes, start, end), problems: 0 }
    case 'vni': return { text: decodeVni(bytes, start, end), problems: 0 }
    case 'cp1258': return { text: decodeCp1258(bytes, start, end), problems: 0 }
    case 'latin1': return { text: asBuffer(bytes).toString('latin1', start, end), problems: 0 }
  }
}

export interface Detection {
  readonly encoding: TextEncoding
  /** One-line explanation when the choice contradicts leader/09 or had to guess. */
  readonly note?: string
}

function hasHighBytes (bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] >= 0x80) return true
  return false
}

/**
 * Chooses the encoding of MARC data bytes[start, end), trusting the bytes over leader/09:
 * 1. strict UTF-8 (all ASCII included) → utf8;
 * 2. MARC-8 escape sequences → marc8;
 * 3. otherwise decode as each candidate (MARC-8 when its combining bytes all sit before letters,
 *    the previous record's encoding, TCVN3, VNI, Windows-1258, UTF-8 with replacements) and keep
 *    the one whose non-ASCII words are most often Vietnamese syllables, when that is convincing
 *    (at least 3 such words and three times as many good as bad);
 * 4. otherwise: MARC-8 when structurally plausible, the previous record's encoding (one export is
 *    usually uniform), UTF-8 with replacements when leader/09 says 'a', else Latin-1.
 */
export function detectEncoding (bytes: Uint8Array, start: number, end: number, leader09: string, prefer?: TextEncoding): Detection {
  const said = leader09 === 'a' ? 'UTF-8' : leader09 === ' ' ? 'MARC-8' : `'${leader09}'`
  const noted = (encoding: TextEncoding, why: string): Detection => {
    if ((encoding === 'utf8' && leader09 === 'a') || (encoding === 'marc8' && leader09 === ' ')) return { encoding }
    return { encoding, note: `leader/09 said ${said} but ${why}` }
  }
  if (!hasHighBytes(bytes, start, end)) {
    const m8 = looksLikeMarc8(bytes, start, end)
    if (m8.escapes && leader09 !== 'a') return { encoding: 'marc8' }
    return { encoding: 'utf8' }
  }
  if (isUtf8(asBuffer(bytes).subarray(start, end))) return noted('utf8', 'bytes are UTF-8')
  const m8 = looksLikeMarc8(bytes, start, end)
  if (m8.escapes) return noted('marc8', 'bytes are MARC-8 (escape sequences)')
  const candidates: TextEncoding[] = []
  if (leader09 === 'a') candidates.push('utf8')
  if (m8.plausible) candidates.push('marc8')
  if (prefer !== undefined && prefer !== 'latin1' && !candidates.includes(prefer) && (prefer !== 'marc8' || m8.plausible)) candidates.push(prefer)
  for (const c of ['tcvn3', 'vni', 'cp1258', 'utf8'] as const) if (!candidates.includes(c)) candidates.push(c)
  let best: TextEncoding | undefined
  let bestScore = -Infinity
  let convincing = false
  for (const c of candidates) {
    const d = decodeBytes(c, bytes, start, end)
    const w = vietnameseWords(d.text)
    const score = w.valid - w.invalid - 2 * d.problems
    if (score > bestScore) { best = c; bestScore = score; convincing = w.valid >= 3 && w.valid >= 3 * (w.invalid + d.problems) }
  }
  if (best !== undefined && convincing) return noted(best, `bytes read as ${best.toUpperCase()} (Vietnamese syllables)`)
  if (m8.plausible && leader09 !== 'a') return noted('marc8', 'bytes read as MARC-8')
  if (prefer !== undefined && prefer !== 'utf8' && (prefer !== 'marc8' || m8.plausible)) return noted(prefer, `bytes read as ${prefer.toUpperCase()}, like the previous record`)
  if (leader09 === 'a') return { encoding: 'utf8', note: 'invalid UTF-8 sequences replaced by U+FFFD' }
  return { encoding: 'latin1', note: `leader/09 said ${said}; bytes are neither UTF-8 nor MARC-8 nor recognisably Vietnamese: read as Latin-1` }
}

/** iconv-lite is the fallback for encodings a MARCXML declaration names; exported for the XML reader. */
export function iconvDecoder (label: string): { write (b: Buffer): string, end (): string | undefined } | undefined {
  return iconv.encodingExists(label) ? iconv.getDecoder(label) : undefined
}
