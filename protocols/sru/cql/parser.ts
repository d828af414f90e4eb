import { cqlError } from '../../../mappings/diagnostics.js'
import type { CqlModifier, CqlNode, CqlQuery, CqlSearchClause, CqlSortKey, CqlBoolean } from './ast.js'
import { lex, type Token } from './lexer.js'

/**
 * A recursive-descent parser for CQL 1.2 (LoC `standards/sru/cql/spec.html`, the grammar quoted in
 * research/sru-z3950.md §2.1) in the relaxed form YAZ, cql-java and cql-go accept by default:
 * - free-form terms: `title any fish chips`, `truyen kieu` (further words become `extraTerms`);
 * - CQL 1.1 context inheritance: `title = (a or b)` applies `title =` to the term-only clauses inside;
 * - a word in relation position is a relation only if it is a comparitor symbol, a named relation of
 *   the cql set (`adj any all exact within encloses`) or a prefixed name (`rel.foo`), as cql-go's README
 *   documents; otherwise it is a further word of the term.
 * Total: every input gives a CqlQuery or throws a DiagnosticError (10, 12, 13, 38), nothing else.
 */

export interface CqlParseLimits {
  /** Characters in the whole query (diagnostic 12). */
  readonly maxLength: number
  /** Nesting of parentheses, prefix assignments and inherited contexts (diagnostic 13). */
  readonly maxDepth: number
  /** Boolean operators in the query (diagnostic 38). */
  readonly maxBooleans: number
}

export const DEFAULT_LIMITS: CqlParseLimits = { maxLength: 8192, maxDepth: 64, maxBooleans: 256 }

const BOOLEANS = new Set<string>(['and', 'or', 'not', 'prox'])
const NAMED_RELATIONS = new Set(['adj', 'any', 'all', 'exact', 'within', 'encloses'])
// Words that end a free-form term: keywords and the relation words YAZ lexes as relations.
const NOT_EXTRA = new Set(['and', 'or', 'not', 'prox', 'sortby', 'adj', 'any', 'all', 'exact', 'within', 'encloses'])

interface Context {
  readonly index: string
  readonly relation: string
  readonly modifiers: readonly CqlModifier[]
  readonly implicit: boolean
}

const DEFAULT_CONTEXT: Context = { index: 'cql.serverChoice', relation: '=', modifiers: [], implicit: true }

class Parser {
  private i = 0
  private depth = 0
  private booleans = 0
  constructor (private readonly toks: Token[], private readonly limits: CqlParseLimits) {}

  private peek (k = 0): Token { return this.toks[Math.min(this.i + k, this.toks.length - 1)] }
  private next (): Token { const t = this.peek(); if (this.i < this.toks.length - 1) this.i++; return t }
  private fail (t: Token, what: string): never {
    throw cqlError('querySyntax', String(t.pos), `${what} at position ${t.pos}${t.kind === 'eof' ? ' (end of query)' : `: '${t.text}'`}`)
  }

  private enter (t: Token): void {
    if (++this.depth > this.limits.maxDepth) throw cqlError('parentheses', String(t.pos), `nesting deeper than ${this.limits.maxDepth}`)
  }

  private isWord (t: Token, w: string): boolean { return t.kind === 'word' && t.text.toLowerCase() === w }
  private isTermToken (t: Token): boolean { return t.kind === 'word' || t.kind === 'quoted' }

  private isRelationStart (t: Token): boolean {
    if (t.kind === 'sym') return true
    if (t.kind !== 'word') return false
    const w = t.text.toLowerCase()
    if (NAMED_RELATIONS.has(w)) return true
    return t.text.includes('.') && !BOOLEANS.has(w) && w !== 'sortby'
  }

  private isExtraTerm (t: Token): boolean {
    if (t.kind === 'quoted') return true
    return t.kind === 'word' && !t.text.includes('.') && !NOT_EXTRA.has(t.text.toLowerCase())
  }

  parseTop (): CqlQuery {
    const root = this.parseQuery(DEFAULT_CONTEXT)
    const sortKeys: CqlSortKey[] = []
    if (this.isWord(this.peek(), 'sortby')) {
      this.next()
      while (this.peek().kind !== 'eof') {
        const t = this.next()
        if (!this.isTermToken(t)) this.fail(t, 'sort key expected')
        sortKeys.push({ index: t.text, modifiers: this.parseModifiers() })
      }
      if (sortKeys.length === 0) this.fail(this.peek(), 'sort key expected')
    }
    const end = this.peek()
    if (end.kind !== 'eof') this.fail(end, end.kind === 'rp' ? 'unbalanced )' : 'boolean operator expected')
    return { root, sortKeys }
  }

  private parseQuery (ctx: Context): CqlNode {
    let left = this.parseClause(ctx)
    for (;;) {
      const t = this.peek()
      if (t.kind !== 'word' || !BOOLEANS.has(t.text.toLowerCase())) return left
      this.next()
      if (++this.booleans > this.limits.maxBooleans) throw cqlError('tooManyBooleans', String(t.pos), `more than ${this.limits.maxBooleans} boolean operators`)
      const modifiers = this.parseModifiers()
      const right = this.parseClause(ctx)
      left = { kind: 'triple', boolean: t.text.toLowerCase() as CqlBoolean, modifiers, left, right, pos: t.pos }
    }
  }

  private parseClause (ctx: Context): CqlNode {
    const t = this.peek()
    if (t.kind === 'lp') {
      this.next()
      this.enter(t)
      const q = this.parseQuery(ctx)
      const close = this.next()
      if (close.kind !== 'rp') this.fail(close, 'missing )')
      this.depth--
      return q
    }
    if (t.kind === 'sym' && t.text === '>') {
      this.next()
      this.enter(t)
      const first = this.next()
      if (!this.isTermToken(first)) this.fail(first, 'prefix or context set identifier expected')
      let name: string | undefined
      let uri = first.text
      if (this.peek().kind === 'sym' && this.peek().text === '=') {
        this.next()
        const u = this.next()
        if (!this.isTermToken(u)) this.fail(u, 'context set identifier expected')
        name = first.text
        uri = u.text
      }
      const query = this.parseQuery(ctx)
      this.depth--
      return name === undefined ? { kind: 'prefixed', uri, query } : { kind: 'prefixed', name, uri, query }
    }
    if (!this.isTermToken(t)) this.fail(t, 'search term expected')
    this.next()
    if (this.isRelationStart(this.peek())) {
      const rel = this.next()
      const modifiers = this.parseModifiers()
      this.enter(rel)
      const inner = this.parseClause({ index: t.text, relation: rel.text, modifiers, implicit: false })
      this.depth--
      return inner
    }
    const extraTerms: string[] = []
    while (this.isExtraTerm(this.peek())) extraTerms.push(this.next().text)
    const clause: CqlSearchClause = {
      kind: 'searchClause',
      index: ctx.index,
      relation: ctx.relation,
      modifiers: ctx.modifiers,
      term: t.text,
      extraTerms,
      quoted: t.kind === 'quoted',
      implicitIndex: ctx.implicit,
      pos: t.pos,
    }
    return clause
  }

  private parseModifiers (): CqlModifier[] {
    const out: CqlModifier[] = []
    while (this.peek().kind === 'slash') {
      this.next()
      const name = this.next()
      if (!this.isTermToken(name)) this.fail(name, 'modifier name expected')
      const c = this.peek()
      if (c.kind === 'sym') {
        this.next()
        const v = this.next()
        if (!this.isTermToken(v)) this.fail(v, 'modifier value expected')
        out.push({ name: name.text, comparison: c.text, value: v.text })
      } else {
        out.push({ name: name.text })
      }
    }
    return out
  }
}

/**
 * Parses a CQL query. Throws DiagnosticError only: 10 (syntax, details = character offset),
 * 12 (too long), 13 (nesting too deep), 38 (too many booleans).
 */
export function parseCql (query: string, limits: CqlParseLimits = DEFAULT_LIMITS): CqlQuery {
  if (query.length > limits.maxLength) throw cqlError('queryTooLong', String(limits.maxLength), `query longer than ${limits.maxLength} characters`)
  return new Parser(lex(query), limits).parseTop()
}
