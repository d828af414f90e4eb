import { foldKey, words } from '../text/fold.js'
import { viSortKey } from '../text/collation.js'

/**
 * Fast equivalents of the text layer's keys for indexing, where they run for every value of every
 * record (the import's hot path). Each works from a per-character table computed once from the
 * reference functions (foldKey, viSortKey) and falls back to them for any string with characters
 * outside the tables (other scripts, combining marks): the result is always the reference result.
 * test/unit/search/keys.test.ts checks the equivalence on the Vietnamese vectors and random strings.
 */

const RANGES: ReadonlyArray<readonly [number, number]> = [[0x00, 0x2ff], [0x1e00, 0x1eff], [0x2000, 0x206f]]
const TABLE_SIZE = 0x2070

function inTable (c: number): boolean {
  return c < 0x300 || (c >= 0x1e00 && c < 0x1f00) || (c >= 0x2000 && c < 0x2070)
}

// ---------------------------------------------------------------------------------------------
// folded words

/**
 * String methods called through the prototype's own function: a call like `s.charCodeAt(i)` reads the
 * method off `s`, and the strings met here come in more representations than an inline cache holds
 * (sequential, sliced and concatenated, one- and two-byte), so that read went megamorphic and cost
 * more than the loop around it (measured: 4× slower per character on mixed strings).
 */
const charCodeAt = String.prototype.charCodeAt

const enum Cls { Sep = 0, Word = 1, Drop = 2 }
// The folded form of a word character when it is one ASCII character, else 0 (the reference decides).
const FOLD = new Uint8Array(TABLE_SIZE)
const CLS = new Uint8Array(TABLE_SIZE)
for (const [lo, hi] of RANGES) {
  for (let c = lo; c <= hi; c++) {
    const ch = String.fromCharCode(c)
    if (ch === "'" || ch === '’') { CLS[c] = Cls.Drop; continue }
    if (/[\p{L}\p{M}\p{N}]/u.test(ch)) {
      CLS[c] = Cls.Word
      const f = foldKey(ch)
      if (f.length === 1 && f.charCodeAt(0) < 0x80) FOLD[c] = f.charCodeAt(0)
    }
  }
}

// Output of foldWords, one byte per character (the fast path's output is ASCII): one string is made
// from it at the end instead of one per character appended.
let foldOut = Buffer.allocUnsafe(256)

/** The folded words of `s` joined by one space: `Truyện Kiều /` → `truyen kieu`. Same as words(foldKey(s)). */
export function foldWords (s: string): string {
  const n = s.length
  if (foldOut.length < n) foldOut = Buffer.allocUnsafe(2 * n)
  const out = foldOut
  let k = 0 // never more than n: a space is written only for a separator read before it
  let word = false
  for (let i = 0; i < n; i++) {
    const c = charCodeAt.call(s, i)
    if (!inTable(c)) return foldWordsSlow(s)
    const cls = CLS[c]
    if (cls === Cls.Word) {
      const f = FOLD[c]
      if (f === 0) return foldWordsSlow(s)
      if (!word && k > 0) out[k++] = 0x20
      out[k++] = f
      word = true
    } else if (cls === Cls.Sep) {
      word = false
    }
  }
  return k === 0 ? '' : out.toString('latin1', 0, k)
}

function foldWordsSlow (s: string): string {
  return words(foldKey(s)).join(' ')
}

// ---------------------------------------------------------------------------------------------
// sort keys

/**
 * A compact, order-preserving form of viSortKey: each weight becomes one code unit (see
 * encodeWeight), and the secondary and tertiary levels lose their trailing default weights (0x30),
 * as ICU compresses common weights. Plain `<` (and SQLite BINARY, and FTS5 term order) on these
 * strings gives Vietnamese alphabetical order. Vietnamese weights are all below 0x80: a token is
 * one byte per weight in the database's UTF-8 and a one-byte string in the engine (measured on 100k
 * synthetic records: the headings table 72 MB with three-byte private-use weights, 30 MB like this).
 */
export function sortToken (s: string): string {
  const fast = sortTokenFast(s)
  return fast ?? encodeKey(viSortKey(s))
}

/** Weights from here up (other scripts only) take two code units. */
const WIDE = 0xd000

/**
 * One weight as code units that JavaScript (UTF-16) and SQLite (UTF-8) order alike: a weight below
 * WIDE is its own code unit (never 0, never a surrogate); a larger one is U+E000 + ((w - WIDE) >> 8),
 * above every single unit, then U+E100 + (w & 0xFF).
 */
export function encodeWeight (u: number): string {
  return u < WIDE ? String.fromCharCode(u) : String.fromCharCode(0xe000 + ((u - WIDE) >> 8), 0xe100 + (u & 0xff))
}

function trimDefaults (level: string): string {
  let end = level.length
  while (end > 0 && level.charCodeAt(end - 1) === 0x30) end--
  return level.slice(0, end)
}

/** Encode a viSortKey string (primary \x01 secondary \x01 tertiary). */
export function encodeKey (key: string): string {
  const [p, s = '', t = ''] = key.split('\u0001')
  let out = ''
  for (let i = 0; i < p.length; i++) out += encodeWeight(p.charCodeAt(i))
  out += encodeWeight(1)
  const s2 = trimDefaults(s)
  for (let i = 0; i < s2.length; i++) out += encodeWeight(s2.charCodeAt(i))
  out += encodeWeight(1)
  const t2 = trimDefaults(t)
  for (let i = 0; i < t2.length; i++) out += encodeWeight(t2.charCodeAt(i))
  return out
}

// Per character: -1 not handled here; 0 a space; else the three weights of the character.
const P = new Int32Array(TABLE_SIZE).fill(-1)
const S = new Uint16Array(TABLE_SIZE)
const T = new Uint16Array(TABLE_SIZE)
for (const [lo, hi] of RANGES) {
  for (let c = lo; c <= hi; c++) {
    if (c >= 0xd800) continue
    const ch = String.fromCharCode(c)
    if (/\s/u.test(ch)) { P[c] = 0; continue }
    if (/\p{M}/u.test(ch)) continue // combining marks change the letter before them: reference path
    if (ch.normalize('NFD').length !== ch.length && !/\p{L}/u.test(ch)) continue
    const k = viSortKey(ch).split('\u0001')
    if (k.length === 3 && k[0].length === 1 && k[1].length === 1 && k[2].length === 1) {
      P[c] = k[0].charCodeAt(0); S[c] = k[1].charCodeAt(0); T[c] = k[2].charCodeAt(0)
    }
  }
}
const SPACE = 0x20

// Scratch space of sortTokenFast: primary weights at [0, n), secondary at [n, 2n), tertiary at [2n, 3n);
// the token is assembled in `token` and made a string once.
let scratch = new Uint16Array(768)
let token = new Uint16Array(770)
const DEFAULT_WEIGHT = 0x30
const SEP_WEIGHT = 1

function sortTokenFast (s: string): string | undefined {
  const n = s.length
  if (scratch.length < 3 * n) { scratch = new Uint16Array(3 * n); token = new Uint16Array(3 * n + 2) }
  const buf = scratch
  let k = 0 // output positions: never more than input characters
  let pendingSpace = false
  let any = false
  for (let i = 0; i < n; i++) {
    const c = charCodeAt.call(s, i)
    if (!inTable(c)) return undefined
    const w = P[c]
    if (w < 0) return undefined
    if (w === 0) { if (any) pendingSpace = true; continue }
    if (pendingSpace) { buf[k] = SPACE; buf[n + k] = SPACE; buf[2 * n + k] = SPACE; k++; pendingSpace = false }
    // two-character weights (encodeWeight) are left to the reference path
    if (w >= WIDE || S[c] >= WIDE || T[c] >= WIDE) return undefined
    buf[k] = w; buf[n + k] = S[c]; buf[2 * n + k] = T[c]
    k++
    any = true
  }
  let secEnd = n + k
  while (secEnd > n && buf[secEnd - 1] === DEFAULT_WEIGHT) secEnd--
  let terEnd = 2 * n + k
  while (terEnd > 2 * n && buf[terEnd - 1] === DEFAULT_WEIGHT) terEnd--
  const out = token
  out.set(buf.subarray(0, k), 0)
  let o = k
  out[o++] = SEP_WEIGHT
  out.set(buf.subarray(n, secEnd), o)
  o += secEnd - n
  out[o++] = SEP_WEIGHT
  out.set(buf.subarray(2 * n, terEnd), o)
  o += terEnd - 2 * n
  return String.fromCharCode.apply(null, out.subarray(0, o) as unknown as number[])
}
