/**
 * Byte-comparable Vietnamese sort keys (research/marc.md §4.4 option b). `Intl.Collator('vi')` is the
 * reference but gives no storable key, and scan needs one (a database index and cursor positions).
 * Order: alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (other Latin letters in
 * their usual place), digits before letters, other scripts after; then tones as a secondary level
 * (ngang < huyền < hỏi < ngã < sắc < nặng), then case as a tertiary level.
 * As in ICU's default (non-ignorable) setting, a run of spaces and then punctuation sort before digits
 * and letters ('Ê-đê' < 'Ếch'); runs of spaces count as one, leading and trailing spaces not at all.
 * The key is a string of code units < U+FFFF compared by plain `<` (and SQLite BINARY on its UTF-8).
 * Every weight of Vietnamese text (letters, digits, spaces, punctuation, tones, case) is below 0x80,
 * so its stored sort token (src/search/keys.ts) is one byte per weight.
 */

// Primary weights. Base letters in Vietnamese alphabetical order, with f j w z (foreign words) where
// the Latin alphabet puts them: 0x50-0x70, above the digits (0x40-0x49).
const ALPHABET = ['a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'ô', 'ơ', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z']
const PRIMARY = new Map<string, number>()
const LETTERS = 0x50
ALPHABET.forEach((c, i) => PRIMARY.set(c, LETTERS + i))

const TONE: Record<string, number> = { '\u0300': 1, '\u0309': 2, '\u0303': 3, '\u0301': 4, '\u0323': 5 }
const MODIFIER: Record<string, string> = { 'a\u0306': 'ă', 'a\u0302': 'â', 'e\u0302': 'ê', 'o\u0302': 'ô', 'o\u031b': 'ơ', 'u\u031b': 'ư' }

const SPACE = 0x20
const PUNCT = 0x22
const LEVEL_SEP = String.fromCharCode(0x01)

function primaryOf (base: string): number {
  const p = PRIMARY.get(base)
  if (p !== undefined) return p
  const cp = base.codePointAt(0) ?? 0
  if (cp >= 0x30 && cp <= 0x39) return 0x40 + (cp - 0x30) // digits before letters
  // Other scripts: after the Latin alphabet, in code point order (BMP) — keys stay below U+FFFF.
  return 0x1000 + Math.min(cp, 0xE000)
}

/** The sort key of `s`: primary ‖ 0x01 ‖ secondary (tones) ‖ 0x01 ‖ tertiary (case). */
export function viSortKey (s: string): string {
  const prim: number[] = []
  const sec: number[] = []
  const ter: number[] = []
  const d = s.normalize('NFD')
  let pendingSpace = false
  for (let i = 0; i < d.length;) {
    const cp = d.codePointAt(i)!
    const ch = String.fromCodePoint(cp)
    i += ch.length
    if (/\s/u.test(ch)) { if (prim.length > 0) pendingSpace = true; continue }
    if (/\p{M}/u.test(ch)) continue // a stray mark with no base letter
    if (pendingSpace) { prim.push(SPACE); sec.push(SPACE); ter.push(SPACE); pendingSpace = false }
    if (!/[\p{L}\p{N}]/u.test(ch)) {
      prim.push(PUNCT); sec.push(0x30); ter.push(0x30)
      continue
    }
    const lower = ch.toLowerCase()
    let base = lower
    let tone = 0
    // gather the following combining marks
    while (i < d.length) {
      const m = d[i]
      if (!/\p{M}/u.test(m)) break
      i++
      const combined = MODIFIER[base + m]
      if (combined !== undefined) base = combined
      else if (TONE[m] !== undefined) tone = TONE[m]
    }
    prim.push(primaryOf(base === 'đ' || lower === 'đ' ? 'đ' : base))
    sec.push(0x30 + tone)
    ter.push(ch === lower ? 0x30 : 0x31)
  }
  return String.fromCharCode(...prim) + LEVEL_SEP + String.fromCharCode(...sec) + LEVEL_SEP + String.fromCharCode(...ter)
}

/** Compare two strings in Vietnamese alphabetical order, through their keys. */
export function viCompare (a: string, b: string): number {
  const ka = viSortKey(a)
  const kb = viSortKey(b)
  return ka < kb ? -1 : ka > kb ? 1 : 0
}
