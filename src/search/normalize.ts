import { exactKey, foldKey, words } from '../text/fold.js'
import { normalizeIsbn, normalizeIssn } from '../../mappings/search-indexes.js'
import type { IndexName } from './ast.js'
import { foldWords } from './keys.js'

/**
 * Normalisation shared by indexing and query evaluation, so that a term and a catalogued value meet
 * on the same key whatever the tone marks, case, đ/d, punctuation and spacing.
 *
 * Masking characters survive tokenisation as two private-use code points, so that `truy*n` stays one
 * token: MASK_ANY for `*` (any run of characters) and MASK_ONE for `?` (exactly one).
 */
export const MASK_ANY = '\uE000'
export const MASK_ONE = '\uE001'

const APOSTROPHES = /['’]/g
const WORD = /[\p{L}\p{M}\p{N}]+/gu
const MASKED_WORD = /[\p{L}\p{M}\p{N}\uE000\uE001]+/gu

/** Exact (tone-keeping, lower-case) words of a value, for accent-sensitive matching. */
export function exactWords (value: string): string[] {
  return words(exactKey(value))
}

export interface TermTokens {
  /** Normalised words of the term (folded, or exact when accent-sensitive), masks as MASK_ANY/MASK_ONE. */
  readonly words: readonly string[]
  readonly anchoredStart: boolean
  readonly anchoredEnd: boolean
}

/**
 * Tokenise a query term (CQL 1.2 masking: `*`, `?`, `\` escapes the next character; `^` anchors).
 * Without masking every character is literal.
 */
export function tokenizeTerm (term: string, masking: boolean, accentSensitive: boolean): TermTokens {
  let s = term.normalize('NFC')
  let anchoredStart = false
  let anchoredEnd = false
  if (masking) {
    let out = ''
    for (let i = 0; i < s.length; i++) {
      const c = s[i]
      if (c === '\\' && i + 1 < s.length) { out += s[++i]; continue }
      if (c === '*') out += MASK_ANY
      else if (c === '?') out += MASK_ONE
      else if (c === '^' && i === 0) anchoredStart = true
      else if (c === '^' && i === s.length - 1) anchoredEnd = true
      else out += c
    }
    s = out
  }
  const norm = (accentSensitive ? exactKey(s) : foldKey(s)).replace(APOSTROPHES, '')
  const words = norm.match(masking ? MASKED_WORD : WORD) ?? []
  return { words, anchoredStart, anchoredEnd }
}

export function hasMask (word: string): boolean {
  return word.includes(MASK_ANY) || word.includes(MASK_ONE)
}

/** A word whose only mask is one trailing `*`: right truncation. */
export function isPrefixMask (word: string): boolean {
  return word.length > 1 && word.endsWith(MASK_ANY) && !hasMask(word.slice(0, -1))
}

/** SQLite GLOB pattern of a masked word (tokens hold only letters, digits and masks). */
export function toGlob (word: string): string {
  return word.replaceAll(MASK_ANY, '*').replaceAll(MASK_ONE, '?').replace(/[[\]]/g, (c) => `[${c}]`)
}

/** A RegExp matching a whole (masked) word. */
export function toWordRegExp (word: string): RegExp {
  const body = [...word].map(c => c === MASK_ANY ? '.*' : c === MASK_ONE ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('')
  return new RegExp(`^${body}$`, 'u')
}

/**
 * The token(s) a term stands for in a code index: an ISBN-10 or ISBN-13 with or without hyphens
 * becomes its ISBN-13, an ISSN loses its hyphen; otherwise its folded words. Identifier terms may be
 * either, so every reading is returned.
 */
export function termKeys (index: IndexName, term: string): string[] {
  const out = new Set<string>()
  if (index === 'isbn' || index === 'identifier' || index === 'any') {
    const isbn = normalizeIsbn(term)
    if (isbn !== undefined) out.add(isbn)
  }
  if (index === 'issn' || index === 'identifier' || index === 'any') {
    const issn = normalizeIssn(term)
    if (issn !== undefined) out.add(issn.toLowerCase())
  }
  if ((index !== 'isbn' && index !== 'issn') || out.size === 0) out.add(foldWords(term))
  out.delete('')
  return [...out]
}
