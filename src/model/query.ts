/**
 * The one query model shared by SRU (CQL) and Z39.50 (Type-1/RPN); both compile to it, the store
 * evaluates it (STYLE.md P1). Index names are libgate's own; mappings/cql-indexes.ts and
 * mappings/bib1-attributes.ts map protocol names onto them.
 */
export const INDEXES = [
  'any', 'title', 'author', 'subject', 'isbn', 'issn', 'identifier', 'date', 'publisher',
  'language', 'type', 'library', 'localId', 'datestamp',
] as const
export type IndexName = typeof INDEXES[number]

/**
 * How a term matches an index:
 * - `all`: every word of the term occurs in the field (any order)  — CQL `all`, `=` on word indexes
 * - `any`: at least one word occurs                                 — CQL `any`
 * - `phrase`: the words occur adjacent and in order                 — CQL `adj`, `=` with a quoted phrase
 * - `exact`: the whole field value equals the term                  — CQL `==`/`exact`, Bib-1 completeness 3
 * - `lt` `le` `gt` `ge` `ne`: ordered comparison of whole field values (dates, years, identifiers)
 * - `within`: value lies between two bounds, `term` holds "low high"
 */
export type Match = 'all' | 'any' | 'phrase' | 'exact' | 'lt' | 'le' | 'gt' | 'ge' | 'ne' | 'within'

export interface TermQuery {
  readonly kind: 'term'
  readonly index: IndexName
  readonly match: Match
  /**
   * The term, NFC. When `masking` is true, `*` stands for any run of characters, `?` for exactly one,
   * and a backslash escapes the next character (CQL 1.2 masking rules, which Z39.50 truncation
   * attributes are translated into). `^` at either end anchors to the field start or end.
   */
  readonly term: string
  readonly masking: boolean
  /**
   * false (default): fold case, tone marks and đ/d (`truyen kieu` finds `Truyện Kiều`).
   * true: keep tone marks and letters (`Bà` does not find `Ba`); case is still folded.
   */
  readonly accentSensitive: boolean
}

export interface BoolQuery {
  readonly kind: 'and' | 'or' | 'not' // `not` is "left AND NOT right" as in CQL and RPN
  readonly left: Query
  readonly right: Query
}

/** cql.allRecords / an empty RPN: every live record. */
export interface AllQuery { readonly kind: 'all' }

export type Query = TermQuery | BoolQuery | AllQuery

export interface SortKey {
  readonly index: IndexName
  readonly descending: boolean
  /** Vietnamese alphabetical order (default) or plain code-point order (`sort.respectCase` etc.). */
  readonly missing?: 'low' | 'high' | 'omit'
}

export function term (index: IndexName, value: string, match: Match = 'all', opts: { masking?: boolean, accentSensitive?: boolean } = {}): TermQuery {
  return { kind: 'term', index, match, term: value.normalize('NFC'), masking: opts.masking ?? false, accentSensitive: opts.accentSensitive ?? false }
}
