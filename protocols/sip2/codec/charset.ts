import iconv from 'iconv-lite'
import { ProtocolError } from '../../../src/errors.js'
import { foldLetters } from '../../../src/text/fold.js'

/**
 * Character sets a device account may use (research/sip2.md §0, §2.2 item 1). UTF-8 is our default;
 * CP850 is the spec's ("English 850"); windows-1258 is the Vietnamese Windows code page; `ascii`
 * folds Vietnamese to plain letters for old receipt printers.
 */
export const SIP2_CHARSETS = ['utf-8', 'cp850', 'windows-1258', 'ascii'] as const
export type Sip2Charset = typeof SIP2_CHARSETS[number]

export function isSip2Charset (s: string): s is Sip2Charset {
  return (SIP2_CHARSETS as readonly string[]).includes(s)
}

// The five Vietnamese tone marks: grave, acute, tilde, hook above, dot below.
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g

/** Case-preserving fold for ASCII devices: tone marks and modifiers removed, đ→d, Đ→D. */
export { foldLetters as asciiFold }

// Characters each single-byte code page can hold, from its own table.
function repertoire (enc: string): Set<string> {
  const set = new Set<string>()
  const bytes = Buffer.alloc(256)
  for (let i = 0; i < 256; i++) bytes[i] = i
  for (const c of iconv.decode(bytes, enc)) if (c !== '\ufffd') set.add(c)
  return set
}

const CP850 = repertoire('cp850')
const CP1258 = repertoire('windows1258')

function isAscii (s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7e || s.charCodeAt(i) < 0x20) return false
  return true
}

function fit (s: string, set: ReadonlySet<string>): string {
  let out = ''
  for (const c of s) {
    if (set.has(c)) { out += c; continue }
    const folded = foldLetters(c)
    out += [...folded].every((x) => set.has(x)) ? folded : '?'
  }
  return out
}

/**
 * windows-1258 spells most Vietnamese letters as a base letter (possibly with its own modifier:
 * â ê ô ă ơ ư) followed by a combining tone mark; neither NFC nor NFD gives that form
 * (research/sip2.md §0: `Nguyễn` → `Nguy?n` NFC). Characters the code page holds precomposed stay so.
 */
function to1258 (s: string): string {
  let out = ''
  for (const c of s.normalize('NFC')) {
    if (CP1258.has(c)) { out += c; continue }
    const d = c.normalize('NFD')
    const tones = d.match(TONES)?.join('') ?? ''
    const base = d.replace(TONES, '').normalize('NFC')
    if (tones !== '' && [...base].every((x) => CP1258.has(x))) out += base + tones
    else out += fit(c, CP1258)
  }
  return out
}

/** Encodes text for the wire in the device's character set; unrepresentable letters are folded, then `?`. */
export function encodeText (s: string, charset: Sip2Charset): Buffer {
  if (isAscii(s)) return Buffer.from(s, 'latin1')
  switch (charset) {
    case 'utf-8': return Buffer.from(s.normalize('NFC'), 'utf8')
    case 'cp850': return iconv.encode(fit(s.normalize('NFC'), CP850), 'cp850')
    case 'windows-1258': return iconv.encode(to1258(s), 'windows1258')
    case 'ascii': return Buffer.from(foldLetters(s).replace(/[^\x20-\x7e]/g, '?'), 'latin1')
  }
}

/** Decodes a message from the device's character set to NFC text. */
export function decodeText (bytes: Uint8Array, charset: Sip2Charset): string {
  if (bytes.includes(0)) throw new ProtocolError('LG_ERR_SIP2_NUL', 'SIP2 message contains NUL (spec: NUL may not appear anywhere)')
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
  switch (charset) {
    // Liberal on input: an ASCII device that sends 8-bit bytes most likely sends UTF-8.
    case 'utf-8': case 'ascii': return buf.toString('utf8').normalize('NFC')
    case 'cp850': return iconv.decode(buf, 'cp850').normalize('NFC')
    case 'windows-1258': return iconv.decode(buf, 'windows1258').normalize('NFC')
  }
}
