/**
 * MARC-8 (MARC 21 Specifications, "Character Sets and Encoding Options", Part 2) decoder and a
 * Vietnamese-correct encoder, driven by the tables generated from LoC codetables.xml.
 *
 * Decoding follows the ISO 2022 model MARC-8 uses: G0 (bytes 0x21–0x7E) starts as Basic Latin,
 * G1 (0xA1–0xFE) as ANSEL, and escape sequences re-designate them until the end of the field
 * (MARC 21 resets to the defaults at each field). MARC-8 writes combining marks BEFORE the base
 * character; Unicode wants them after, so pending marks are emitted after the next base.
 * LoC numeric character references (`&#xHHHH;`, the lossless-conversion rule) are expanded as
 * base characters. The caller normalises to NFC.
 */
import { MARC8_SETS } from './marc8-tables.generated.js'

const ESC = 0x1b
const BASIC_LATIN = 0x42
const ANSEL = 0x45

interface CharSet {
  readonly final: number
  readonly bytes: 1 | 3
  /** 7-bit code (or 3×7-bit code for EACC) → code point. */
  readonly map: Map<number, number>
  readonly combining: Set<number>
}

const SET_DATA = new Map(MARC8_SETS.map(s => [s.final, s]))
const SETS = new Map<number, CharSet>()
/** ANSEL codes 0x88–0x8E (non-sort begin/end, ZWJ, ZWNJ) live in C1, outside G1. */
let C1: Map<number, number> | undefined

function charSet (final: number): CharSet | undefined {
  let cs = SETS.get(final)
  if (cs !== undefined) return cs
  const data = SET_DATA.get(final)
  if (data === undefined) return undefined
  const map = new Map<number, number>()
  const combining = new Set<number>()
  for (const entry of data.table.split(',')) {
    const eq = entry.indexOf('=')
    const raw = parseInt(entry.slice(0, eq), 16)
    const comb = entry.endsWith('+')
    const cp = parseInt(comb ? entry.slice(eq + 1, -1) : entry.slice(eq + 1), 16)
    // Tables list codes as they appear in G0 or G1; both halves share one 7-bit code space.
    const code = data.bytes === 3 ? raw & 0x7f7f7f : raw & 0x7f
    if (data.bytes === 1 && raw >= 0x80 && raw < 0xa0) {
      C1 ??= new Map()
      C1.set(raw, cp)
      continue
    }
    if (!map.has(code)) map.set(code, cp)
    if (comb) combining.add(code)
  }
  cs = { final, bytes: data.bytes, map, combining }
  SETS.set(final, cs)
  return cs
}

export interface Marc8Decoded {
  readonly text: string
  /** Escape sequences not understood and bytes with no mapping (each became U+FFFD or was dropped). */
  readonly problems: number
}

const HEX = /^[0-9A-Fa-f]$/

/** Decodes bytes[start, end) of one field. Never throws. */
export function decodeMarc8 (bytes: Uint8Array, start = 0, end = bytes.length): Marc8Decoded {
  let g0 = charSet(BASIC_LATIN) as CharSet
  let g1 = charSet(ANSEL) as CharSet
  const out: number[] = []
  let marks: number[] = []
  let problems = 0
  const base = (cp: number): void => {
    out.push(cp)
    if (marks.length > 0) { for (const m of marks) out.push(m); marks = [] }
  }
  let i = start
  while (i < end) {
    const b = bytes[i]
    if (b === ESC) {
      const r = escape(bytes, i, end)
      if (r === undefined) { problems++; i++; continue }
      const cs = charSet(r.final)
      if (cs === undefined) problems++
      else if (r.g === 0) g0 = cs
      else g1 = cs
      i = r.next
      continue
    }
    if (b < 0x20 || b === 0x20 || b === 0x7f) {
      // Controls (subfield delimiter included) and space are the same in every set.
      if (b < 0x20 && marks.length > 0) { for (const m of marks) out.push(m); marks = [] }
      if (b === 0x20) base(0x20); else out.push(b)
      i++
      continue
    }
    if (b >= 0x80 && b < 0xa0) {
      charSet(ANSEL)
      const cp = C1?.get(b)
      if (cp === undefined) { problems++; base(0xfffd) } else out.push(cp)
      i++
      continue
    }
    if (b === 0xa0 || b === 0xff) { problems++; base(0xfffd); i++; continue }
    const cs = b < 0x80 ? g0 : g1
    if (cs.bytes === 3) {
      if (i + 3 > end) { problems++; i = end; break }
      const code = ((bytes[i] & 0x7f) << 16) | ((bytes[i + 1] & 0x7f) << 8) | (bytes[i + 2] & 0x7f)
      const cp = cs.map.get(code)
      if (cp === undefined) { problems++; base(0xfffd) } else base(cp)
      i += 3
      continue
    }
    if (b === 0x26 && cs.final === BASIC_LATIN) {
      const ncr = readNcr(bytes, i, end)
      if (ncr !== undefined) { base(ncr.cp); i = ncr.next; continue }
    }
    const code = b & 0x7f
    const cp = cs.map.get(code)
    if (cp === undefined) { problems++; base(0xfffd) } else if (cs.combining.has(code)) marks.push(cp); else base(cp)
    i++
  }
  for (const m of marks) out.push(m)
  return { text: fromCodePoints(out), problems }
}

function fromCodePoints (cps: number[]): string {
  let s = ''
  for (let i = 0; i < cps.length; i += 4096) s += String.fromCodePoint(...cps.slice(i, i + 4096))
  return s
}

/** `&#xHHHH;` (1–6 hex digits, a valid scalar value) starting at bytes[i]. */
function readNcr (bytes: Uint8Array, i: number, end: number): { cp: number, next: number } | undefined {
  if (i + 4 >= end || bytes[i + 1] !== 0x23 || (bytes[i + 2] | 0x20) !== 0x78) return undefined
  let j = i + 3
  let hex = ''
  while (j < end && hex.length < 7 && HEX.test(String.fromCharCode(bytes[j]))) hex += String.fromCharCode(bytes[j++])
  if (hex.length === 0 || hex.length > 6 || j >= end || bytes[j] !== 0x3b) return undefined
  const cp = parseInt(hex, 16)
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined
  return { cp, next: j + 1 }
}

/**
 * ISO 2022 designations used by MARC-8: ESC ( , F → G0; ESC ) - F → G1; ESC $ [( , ) -] F for the
 * multibyte EACC set; ANSEL's final is the two bytes "!E"; ESC g / b / p / s are the
 * "technique 1" shifts of G0 (Greek symbols, subscripts, superscripts, back to ASCII).
 */
function escape (bytes: Uint8Array, i: number, end: number): { g: 0 | 1, final: number, next: number } | undefined {
  if (i + 1 >= end) return undefined
  const c = bytes[i + 1]
  if (c === 0x67 || c === 0x62 || c === 0x70) return { g: 0, final: c, next: i + 2 }
  if (c === 0x73) return { g: 0, final: BASIC_LATIN, next: i + 2 }
  let j = i + 1
  let g: 0 | 1 = 0
  if (c === 0x24) {
    j++
    if (j >= end) return undefined
    const d = bytes[j]
    if (d === 0x28 || d === 0x2c) { g = 0; j++ } else if (d === 0x29 || d === 0x2d) { g = 1; j++ }
  } else if (c === 0x28 || c === 0x2c) { g = 0; j++ } else if (c === 0x29 || c === 0x2d) { g = 1; j++ } else return undefined
  if (j >= end) return undefined
  let final = bytes[j]
  if (final === 0x21) { if (j + 1 >= end) return undefined; final = bytes[++j] }
  return { g, final, next: j + 1 }
}

/** Quick structural test: does this look like MARC-8 rather than another 8-bit code? */
export function looksLikeMarc8 (bytes: Uint8Array, start = 0, end = bytes.length): { escapes: boolean, plausible: boolean } {
  let escapes = false
  let combiningSeen = false
  const ansel = charSet(ANSEL) as CharSet
  for (let i = start; i < end; i++) {
    const b = bytes[i]
    if (b === ESC && escape(bytes, i, end) !== undefined) { escapes = true; continue }
    if (b >= 0x80 && b < 0xa1 && b !== 0x88 && b !== 0x89 && b !== 0x8d && b !== 0x8e) return { escapes, plausible: escapes }
    if (b >= 0xa1 && b !== 0xff) {
      const code = b & 0x7f
      if (!ansel.map.has(code)) return { escapes, plausible: escapes }
      if (ansel.combining.has(code)) {
        // A MARC-8 combining mark precedes another mark or a base letter, never a space or delimiter.
        const n = i + 1 < end ? bytes[i + 1] : 0
        if (n <= 0x20 || n === 0x1f) return { escapes, plausible: escapes }
        combiningSeen = true
      }
    }
  }
  return { escapes, plausible: escapes || combiningSeen }
}

// ---------------------------------------------------------------- encoder

let ENC_BASE: Map<number, number> | undefined
let ENC_COMB: Map<number, number> | undefined

function encoderTables (): [Map<number, number>, Map<number, number>] {
  if (ENC_BASE === undefined || ENC_COMB === undefined) {
    ENC_BASE = new Map()
    ENC_COMB = new Map()
    for (const final of [BASIC_LATIN, ANSEL]) {
      const cs = charSet(final) as CharSet
      for (const [code, cp] of cs.map) {
        if (code < 0x20) continue
        const byte = final === ANSEL ? code | 0x80 : code
        const target = cs.combining.has(code) ? ENC_COMB : ENC_BASE
        if (!target.has(cp)) target.set(cp, byte)
      }
    }
  }
  return [ENC_BASE, ENC_COMB]
}

function pushNcr (out: number[], cp: number): void {
  for (const c of `&#x${cp.toString(16).toUpperCase()};`) out.push(c.charCodeAt(0))
}

/**
 * Unicode → MARC-8 (Basic Latin + ANSEL, NCRs for everything else), the rule of research/marc.md §1.5
 * that yaz 5.34 and MARC::Charset 1.35 get wrong for Vietnamese: decompose (NFD); fold a base and
 * its first mark back together when ANSEL has the composite as a base character (o/u + horn →
 * ơ 0xBC, ư 0xBD, Ơ 0xAC, Ư 0xAD; ANSEL has no combining horn); write the marks before the base;
 * write what MARC-8 lacks as `&#xHHHH;`. A literal `&#x` in the text is itself escaped so that
 * decoding gives it back.
 */
export function encodeMarc8 (text: string): Buffer {
  const [baseMap, combMap] = encoderTables()
  const cps = Array.from(text.normalize('NFD'), c => c.codePointAt(0) as number)
  const out: number[] = []
  let i = 0
  while (i < cps.length) {
    let cp = cps[i]
    let j = i + 1
    const marks: number[] = []
    while (j < cps.length && /\p{M}/u.test(String.fromCodePoint(cps[j]))) marks.push(cps[j++])
    if (marks.length > 0 && cp < 0x80) {
      const composed = String.fromCodePoint(cp, marks[0]).normalize('NFC')
      const ccp = composed.codePointAt(0) as number
      if (composed.length === 1 && baseMap.has(ccp) && !combMap.has(marks[0])) { cp = ccp; marks.shift() }
    }
    // Marks after the first one MARC-8 lacks go as NCRs too, so marks of equal combining class
    // keep their order (canonical ordering would not restore it).
    const after: number[] = []
    for (const m of marks) {
      const mb = combMap.get(m)
      if (mb !== undefined && after.length === 0) out.push(mb); else after.push(m)
    }
    const bb = baseMap.get(cp)
    if (cp === 0x26 && cps[j] === 0x23) pushNcr(out, cp)
    else if (cp < 0x20 && cp !== 0x1b) out.push(cp)
    else if (bb !== undefined) out.push(bb)
    else pushNcr(out, cp)
    for (const m of after) pushNcr(out, m)
    i = j
  }
  return Buffer.from(out)
}
