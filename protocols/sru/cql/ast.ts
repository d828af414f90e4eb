/**
 * The CQL syntax tree (CQL 1.2, LoC `standards/sru/cql/spec.html`), as parsed and before any
 * mapping onto libgate's indexes. Names follow XCQL (`searchClause`, `triple`, `sortKeys`).
 */
export interface CqlModifier {
  readonly name: string
  /** A comparitor symbol (`=`, `<`, `<=`, …) when the modifier carries a value. */
  readonly comparison?: string
  readonly value?: string
}

export interface CqlSearchClause {
  readonly kind: 'searchClause'
  /** As written; `cql.serverChoice` for a term-only clause (CQL 1.2 "searchClause ::= searchTerm"). */
  readonly index: string
  /** As written (case kept, as XCQL shows it); `=` for a term-only clause. */
  readonly relation: string
  readonly modifiers: readonly CqlModifier[]
  /** The term with CQL escapes still in place (`\"`, `\*`); the compiler interprets them. */
  readonly term: string
  /** Further unquoted words of a free-form term (`title any fish chips`), a YAZ/cql-java extension. */
  readonly extraTerms: readonly string[]
  /** True when the term was a quoted string: `=` on a quoted phrase means adjacency. */
  readonly quoted: boolean
  /** True when no index was written and the clause took the default or an enclosing `index relation (…)`. */
  readonly implicitIndex: boolean
  /** 0-based offset of the clause in the query (diagnostic details). */
  readonly pos: number
}

export type CqlBoolean = 'and' | 'or' | 'not' | 'prox'

export interface CqlTriple {
  readonly kind: 'triple'
  readonly boolean: CqlBoolean
  readonly modifiers: readonly CqlModifier[]
  readonly left: CqlNode
  readonly right: CqlNode
  readonly pos: number
}

/** `> name = uri query` or `> uri query`: scopes over `query` (CQL 1.2 prefixAssignment). */
export interface CqlPrefixed {
  readonly kind: 'prefixed'
  readonly name?: string
  readonly uri: string
  readonly query: CqlNode
}

export type CqlNode = CqlSearchClause | CqlTriple | CqlPrefixed

export interface CqlSortKey {
  readonly index: string
  readonly modifiers: readonly CqlModifier[]
}

export interface CqlQuery {
  readonly root: CqlNode
  readonly sortKeys: readonly CqlSortKey[]
}
