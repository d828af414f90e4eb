import { cqlError } from '../../../mappings/diagnostics.js'

/**
 * CQL tokens (CQL 1.2 §"Lexical"): `(` `)` `/`, the comparitor symbols, quoted strings and
 * unquoted words. Keywords (`and`, `sortby`, …) are words; the parser decides by position, because
 * every reserved word is also a valid term (`fred and any`).
 */
export type TokenKind = 'lp' | 'rp' | 'slash' | 'sym' | 'word' | 'quoted' | 'eof'

export interface Token {
  readonly kind: TokenKind
  /** Word and symbol text; for a quoted string the content between the quotes, escapes kept. */
  readonly text: string
  readonly pos: number
}

const SPACE = /\s/

// charString1 ends at whitespace or one of ( ) = < > / ; a `"` inside a word does not end it (YAZ).
const WORD_END = new Set(['(', ')', '=', '<', '>', '/'])

/** Splits `q` into tokens; throws a diagnostic-10 error on an unterminated quoted string. */
export function lex (q: string): Token[] {
  const out: Token[] = []
  let i = 0
  const n = q.length
  while (i < n) {
    const c = q[i]
    if (SPACE.test(c)) { i++; continue }
    const pos = i
    if (c === '(') { out.push({ kind: 'lp', text: c, pos }); i++; continue }
    if (c === ')') { out.push({ kind: 'rp', text: c, pos }); i++; continue }
    if (c === '/') { out.push({ kind: 'slash', text: c, pos }); i++; continue }
    if (c === '=') {
      if (q[i + 1] === '=') { out.push({ kind: 'sym', text: '==', pos }); i += 2 } else { out.push({ kind: 'sym', text: '=', pos }); i++ }
      continue
    }
    if (c === '<') {
      const d = q[i + 1]
      if (d === '=' || d === '>') { out.push({ kind: 'sym', text: c + d, pos }); i += 2 } else { out.push({ kind: 'sym', text: c, pos }); i++ }
      continue
    }
    if (c === '>') {
      if (q[i + 1] === '=') { out.push({ kind: 'sym', text: '>=', pos }); i += 2 } else { out.push({ kind: 'sym', text: c, pos }); i++ }
      continue
    }
    if (c === '"') {
      // charString2: \" and \\ do not end the string; every escape is kept for the compiler (masking rules).
      let j = i + 1
      let closed = false
      while (j < n) {
        const d = q[j]
        if (d === '\\') { j += 2; continue }
        if (d === '"') { closed = true; break }
        j++
      }
      if (!closed) throw cqlError('querySyntax', String(pos), `unterminated quoted string at ${pos}`)
      out.push({ kind: 'quoted', text: q.slice(i + 1, j), pos })
      i = j + 1
      continue
    }
    let j = i
    while (j < n) {
      const d = q[j]
      if (SPACE.test(d) || WORD_END.has(d)) break
      j += d === '\\' && j + 1 < n ? 2 : 1
    }
    out.push({ kind: 'word', text: q.slice(i, j), pos })
    i = j
  }
  out.push({ kind: 'eof', text: '', pos: n })
  return out
}
