import type { IndexName, Match } from '../src/model/query.js'

/**
 * The one table that maps CQL onto libgate's indexes (research/sru-z3950.md §2.3–2.4, §6.1). The CQL
 * compiler, the SRU scan and the ZeeRex explain record (indexInfo) are all generated from it, so the
 * explain record lists exactly the indexes that work ("nothing hand-written twice").
 */

export interface ContextSetRow {
  readonly name: string
  readonly identifier: string
  readonly title: string
  /** Older identifiers clients still send in prefix assignments. */
  readonly aliases?: readonly string[]
}

export const CONTEXT_SETS = [
  { name: 'cql', identifier: 'info:srw/cql-context-set/1/cql-v1.2', title: 'CQL context set 1.2', aliases: ['info:srw/cql-context-set/1/cql-v1.1'] },
  { name: 'dc', identifier: 'info:srw/cql-context-set/1/dc-v1.1', title: 'Dublin Core context set 1.1' },
  { name: 'bath', identifier: 'http://zing.z3950.org/cql/bath/2.0/', title: 'Bath context set 2.0' },
  { name: 'rec', identifier: 'info:srw/cql-context-set/2/rec-1.1', title: 'Record metadata context set 1.1', aliases: ['info:srw/cql-context-set/2/rec-1.0'] },
  { name: 'libgate', identifier: 'http://libgate.local/cql/context-set/libgate-v1', title: 'libgate local indexes' },
] as const satisfies readonly ContextSetRow[]

/** Sort modifiers come from this set (`sort.descending`); it has no indexes. */
export const SORT_CONTEXT_SET = { name: 'sort', identifier: 'info:srw/cql-context-set/1/sort-v1.0', title: 'Sort context set 1.0' } as const

/** Index names without a prefix belong to this set (explain `configInfo/default[@type=contextSet]`). */
export const DEFAULT_CONTEXT_SET = 'dc'

/**
 * What an index holds, which decides the relations it answers and what `=` means there (CQL 1.2:
 * `=` is the server's choice — adjacency for a quoted phrase on word indexes, all words otherwise;
 * equality on codes and dates).
 */
export type IndexKind = 'words' | 'code' | 'date'

export type CqlRelation = '=' | '==' | 'exact' | 'any' | 'all' | 'adj' | '<' | '>' | '<=' | '>=' | '<>' | 'within' | 'encloses'

export const RELATIONS_BY_KIND: Readonly<Record<IndexKind, readonly CqlRelation[]>> = {
  words: ['=', '==', 'exact', 'any', 'all', 'adj'],
  code: ['=', '==', 'exact', 'any'],
  date: ['=', '==', 'exact', '<', '>', '<=', '>=', '<>', 'within'],
}

/** CQL relation → the shared AST's Match (`=` is decided by kind and quoting in the compiler). */
export const RELATION_MATCH: Readonly<Record<Exclude<CqlRelation, '=' | 'encloses'>, Match>> = {
  '==': 'exact', exact: 'exact', any: 'any', all: 'all', adj: 'phrase',
  '<': 'lt', '>': 'gt', '<=': 'le', '>=': 'ge', '<>': 'ne', within: 'within',
}

export interface CqlIndexRow {
  readonly set: typeof CONTEXT_SETS[number]['name']
  readonly name: string
  readonly aliases?: readonly string[]
  /** The shared AST index; `allRecords` is cql.allRecords (every record), `recordId` the `ISIL:localId` id. */
  readonly index: IndexName | 'allRecords' | 'recordId'
  readonly kind: IndexKind
  readonly title: string
  readonly scan: boolean
  readonly sort: boolean
  /** Offered as an SRU 2.0 facet (facetLimit). */
  readonly facet: boolean
}

function ix (set: CqlIndexRow['set'], name: string, index: CqlIndexRow['index'], kind: IndexKind, title: string, f: { scan?: boolean, sort?: boolean, facet?: boolean, aliases?: string[] } = {}): CqlIndexRow {
  return { set, name, index, kind, title, scan: f.scan ?? false, sort: f.sort ?? false, facet: f.facet ?? false, ...(f.aliases ? { aliases: f.aliases } : {}) }
}

export const CQL_INDEXES: readonly CqlIndexRow[] = [
  ix('cql', 'serverChoice', 'any', 'words', 'Any field (server choice)', { aliases: ['anyIndexes'] }),
  ix('cql', 'allIndexes', 'any', 'words', 'All indexes', { aliases: ['anywhere'] }),
  ix('cql', 'keywords', 'any', 'words', 'Keywords'),
  ix('cql', 'allRecords', 'allRecords', 'code', 'All records'),
  ix('dc', 'title', 'title', 'words', 'Title', { scan: true, sort: true }),
  ix('dc', 'creator', 'author', 'words', 'Author (creator)', { scan: true, sort: true, aliases: ['author'] }),
  ix('dc', 'subject', 'subject', 'words', 'Subject', { scan: true, facet: true }),
  ix('dc', 'publisher', 'publisher', 'words', 'Publisher'),
  ix('dc', 'date', 'date', 'date', 'Date of publication', { sort: true, facet: true }),
  ix('dc', 'type', 'type', 'code', 'Type of resource', { facet: true }),
  ix('dc', 'language', 'language', 'code', 'Language (ISO 639-2)', { facet: true }),
  ix('dc', 'identifier', 'identifier', 'code', 'Identifier (ISBN, ISSN, URI…)'),
  ix('bath', 'isbn', 'isbn', 'code', 'ISBN'),
  ix('bath', 'issn', 'issn', 'code', 'ISSN'),
  ix('bath', 'standardIdentifier', 'identifier', 'code', 'Standard identifier'),
  ix('bath', 'name', 'author', 'words', 'Name'),
  ix('bath', 'possessingInstitution', 'library', 'code', 'Holding library (ISIL)'),
  ix('rec', 'identifier', 'recordId', 'code', 'Record identifier (ISIL:local id)'),
  ix('libgate', 'library', 'library', 'code', 'Library (ISIL)', { facet: true, aliases: ['isil'] }),
  ix('libgate', 'localId', 'localId', 'code', 'Local record id (MARC 001)'),
]

export function contextSetByName (name: string): ContextSetRow | undefined {
  const n = name.toLowerCase()
  return CONTEXT_SETS.find(s => s.name === n)
}

export function contextSetByIdentifier (uri: string): ContextSetRow | undefined {
  return CONTEXT_SETS.find(s => s.identifier === uri || (s as ContextSetRow).aliases?.includes(uri) === true)
}

/** The row for `set` + base name (case-insensitive, CQL 1.2), or undefined. */
export function findIndex (set: string, name: string): CqlIndexRow | undefined {
  const n = name.toLowerCase()
  return CQL_INDEXES.find(r => r.set === set && (r.name.toLowerCase() === n || r.aliases?.some(a => a.toLowerCase() === n) === true))
}

/** The CQL name a client should use for a row (`dc.title`). */
export function qualifiedName (r: CqlIndexRow): string {
  return `${r.set}.${r.name}`
}
