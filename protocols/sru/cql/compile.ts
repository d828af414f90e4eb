import { cqlError } from '../../../mappings/diagnostics.js'
import {
  CQL_INDEXES, DEFAULT_CONTEXT_SET, RELATION_MATCH, RELATIONS_BY_KIND, SORT_CONTEXT_SET,
  contextSetByIdentifier, contextSetByName, findIndex, type CqlIndexRow, type CqlRelation,
} from '../../../mappings/cql-indexes.js'
import type { Match, Query, SortKey, TermQuery } from '../../../src/search/ast.js'
import { isIsil } from '../../../src/model/isil.js'
import type { CqlModifier, CqlNode, CqlQuery, CqlSearchClause, CqlSortKey } from './ast.js'

/**
 * CQL syntax tree → the shared query AST (src/search/ast.ts), through mappings/cql-indexes.ts.
 * Everything the table or the store cannot answer becomes the diagnostic CQL conformance level 2
 * asks for (LoC `standards/sru/cql/conformance.html`): 15 context set, 16 index, 19/22 relation,
 * 20 relation modifier, 26/28/29/32 masking, 27 empty term, 37/39/46 booleans and proximity,
 * 84/88/91/92 sorting.
 */

export interface CompiledQuery {
  readonly query: Query
  readonly sort: readonly SortKey[]
}

export const MAX_TERM_LENGTH = 256
export const MAX_SORT_KEYS = 4

interface Scope {
  readonly named: ReadonlyMap<string, string> // prefix (lower case) → context set URI
  readonly defaultUri?: string
}

const ROOT_SCOPE: Scope = { named: new Map() }

/** The context set (by its short name) and the bare index name of `prefix.name` or a bare name; 15 for an unknown set. */
function contextSetOf (index: string, scope: Scope): { readonly set: string, readonly name: string } {
  const dot = index.indexOf('.')
  if (dot < 0) {
    const set = scope.defaultUri !== undefined ? contextSetByIdentifier(scope.defaultUri)?.name : DEFAULT_CONTEXT_SET
    if (set === undefined) throw cqlError('unsupportedContextSet', scope.defaultUri, `context set ${scope.defaultUri ?? ''} is not supported`)
    return { set, name: index }
  }
  const prefix = index.slice(0, dot).toLowerCase()
  const uri = scope.named.get(prefix)
  const set = uri !== undefined ? contextSetByIdentifier(uri)?.name : contextSetByName(prefix)?.name
  if (set === undefined) throw cqlError('unsupportedContextSet', uri ?? index.slice(0, dot), `context set '${index.slice(0, dot)}' is not supported`)
  return { set, name: index.slice(dot + 1) }
}

/** Resolves `prefix.name` (or a bare name) to a table row; 15 for an unknown set, 16 for an unknown index. */
export function resolveIndex (index: string, scope: Scope = ROOT_SCOPE): CqlIndexRow {
  const { set, name } = contextSetOf(index, scope)
  const row = findIndex(set, name)
  if (row === undefined) throw cqlError('unsupportedIndex', index, `index '${index}' is not supported`)
  return row
}

function relationOf (raw: string): CqlRelation {
  let r = raw.toLowerCase()
  if (r.startsWith('cql.')) r = r.slice(4)
  const known: readonly string[] = ['=', '==', 'exact', 'any', 'all', 'adj', '<', '>', '<=', '>=', '<>', 'within', 'encloses']
  if (!known.includes(r)) throw cqlError('unsupportedRelation', raw, `relation '${raw}' is not supported`)
  return r as CqlRelation
}

interface TermForm { readonly term: string, readonly masking: boolean }

const MASK = new Set(['*', '?'])
const ESCAPABLE = new Set(['*', '?', '^', '"', '\\'])

/**
 * CQL 1.2 masking (cql context set, "Masking"): `*` any run, `?` one character, `^` anchors at the
 * start or end; a backslash escapes `* ? ^ " \` and nothing else (26). Unmasked terms come back
 * without escapes; masked ones keep them for the store, as src/search/ast.ts TermQuery describes.
 */
export function termForm (raw: string, masked: boolean): TermForm {
  let plain = ''
  let hasMask = false
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]
    if (c === '\\') {
      const d = raw[i + 1]
      if (d === undefined || (masked && !ESCAPABLE.has(d))) throw cqlError('badEscape', raw, `'\\${d ?? ''}' is not a CQL escape`)
      plain += d
      i++
      continue
    }
    if (masked && (MASK.has(c) || c === '^')) {
      if (c === '^' && i !== 0 && i !== raw.length - 1) throw cqlError('anchorPosition', raw, 'the anchor ^ may only start or end a term')
      hasMask = true
    }
    plain += c
  }
  if (!hasMask) return { term: plain.normalize('NFC'), masking: false }
  for (const w of raw.split(/\s+/)) {
    if (w !== '' && /^[*?^]+$/.test(w)) throw cqlError('maskedWordTooShort', raw, 'a word may not be only masking characters')
  }
  return { term: raw.normalize('NFC'), masking: true }
}

interface ClauseOptions { accentSensitive?: boolean, masked: boolean, string: boolean }

function relationModifiers (mods: readonly CqlModifier[], row: CqlIndexRow): ClauseOptions {
  const o: ClauseOptions = { masked: true, string: false }
  for (const m of mods) {
    let n = m.name.toLowerCase()
    if (n.startsWith('cql.')) n = n.slice(4)
    const bare = m.value === undefined
    if (bare && n === 'ignorecase') continue
    else if (bare && n === 'ignoreaccents') o.accentSensitive = false
    else if (bare && n === 'respectaccents') o.accentSensitive = true
    else if (bare && n === 'masked') o.masked = true
    else if (bare && n === 'unmasked') o.masked = false
    else if (bare && n === 'word') o.string = false
    else if (bare && n === 'string') o.string = true
    else if (bare && (n === 'isodate' || n === 'number') && row.kind === 'date') continue
    else if (n === 'locale' && m.comparison === '=' && /^vi([-_].*)?$/i.test(m.value ?? '')) continue
    else throw cqlError('unsupportedRelationModifier', m.name, `relation modifier '${m.name}' is not supported`)
  }
  return o
}

/** `cql.resultSetId` names a persistent result set. */
function namesResultSet (c: CqlSearchClause, scope: Scope): boolean {
  if (c.implicitIndex) return false
  const { set, name } = contextSetOf(c.index, scope)
  return set === 'cql' && name.toLowerCase() === 'resultsetid'
}

function clause (c: CqlSearchClause, scope: Scope): Query {
  // Result sets are not kept under names (SRU's persistent result sets are optional, research §1.6):
  // every id names a set that does not exist.
  if (namesResultSet(c, scope)) throw cqlError('resultSetDoesNotExist', c.term, `result set '${c.term}' does not exist: this server keeps no named result sets`)
  const row = c.implicitIndex ? CQL_INDEXES[0] : resolveIndex(c.index, scope)
  const relation = relationOf(c.relation)
  if (row.index === 'allRecords') {
    if (relation !== '=') throw cqlError('unsupportedRelationForIndex', c.relation, 'cql.allRecords takes only =')
    return { kind: 'all' }
  }
  if (relation === 'encloses') throw cqlError('unsupportedRelation', c.relation, 'encloses: no index holds ranges')
  if (!RELATIONS_BY_KIND[row.kind].includes(relation)) throw cqlError('unsupportedRelationForIndex', c.relation, `relation '${c.relation}' is not supported for ${row.set}.${row.name}`)
  const opts = relationModifiers(c.modifiers, row)
  const raw = [c.term, ...c.extraTerms].join(' ')
  if (raw.length > MAX_TERM_LENGTH) throw cqlError('termTooLong', String(MAX_TERM_LENGTH), `term longer than ${MAX_TERM_LENGTH} characters`)
  const { term, masking } = termForm(raw, opts.masked)
  if (term.trim() === '') throw cqlError('emptyTerm', undefined, 'empty term')
  let match: Match
  if (relation === '=') {
    if (row.kind === 'words') match = opts.string ? 'exact' : c.quoted && /\s/.test(term.trim()) ? 'phrase' : 'all'
    else match = 'exact'
  } else {
    match = RELATION_MATCH[relation]
  }
  if (match === 'within' && term.trim().split(/\s+/).length !== 2) throw cqlError('badTermFormat', raw, 'within takes two values: "low high"')
  const accentSensitive = opts.accentSensitive ?? (relation === '==' || relation === 'exact')
  if (row.index === 'recordId') {
    const colon = term.indexOf(':')
    const isil = term.slice(0, colon)
    if (colon < 0 || !isIsil(isil) || masking || match !== 'exact') throw cqlError('badTermFormat', raw, 'rec.identifier is ISIL:local-id, matched exactly')
    return {
      kind: 'and',
      left: tq('library', isil, 'exact', false, true),
      right: tq('localId', term.slice(colon + 1), 'exact', false, true),
    }
  }
  return tq(row.index, term, match, masking, accentSensitive)
}

function tq (index: TermQuery['index'], term: string, match: Match, masking: boolean, accentSensitive: boolean): TermQuery {
  return { kind: 'term', index, match, term, masking, accentSensitive }
}

function node (n: CqlNode, scope: Scope): Query {
  switch (n.kind) {
    case 'searchClause': return clause(n, scope)
    case 'prefixed': {
      if (n.name === undefined) return node(n.query, { named: scope.named, defaultUri: n.uri })
      const named = new Map(scope.named)
      named.set(n.name.toLowerCase(), n.uri)
      return node(n.query, { named, ...(scope.defaultUri !== undefined ? { defaultUri: scope.defaultUri } : {}) })
    }
    case 'triple': {
      if (n.boolean === 'prox') throw cqlError('proximityUnsupported', 'prox', 'proximity is not supported')
      if (n.modifiers.length > 0) throw cqlError('unsupportedBooleanModifier', n.modifiers[0].name, `boolean modifier '${n.modifiers[0].name}' is not supported`)
      return { kind: n.boolean, left: node(n.left, scope), right: node(n.right, scope) }
    }
  }
}

function sortKey (k: CqlSortKey, scope: Scope): SortKey {
  let row: CqlIndexRow
  try {
    row = resolveIndex(k.index, scope)
  } catch {
    throw cqlError('unsupportedSortPath', k.index, `cannot sort by '${k.index}'`)
  }
  if (!row.sort || row.index === 'allRecords' || row.index === 'recordId') throw cqlError('unsupportedSortPath', k.index, `cannot sort by '${k.index}'`)
  let descending = false
  let missing: SortKey['missing']
  for (const m of k.modifiers) {
    let n = m.name.toLowerCase()
    if (n.startsWith(`${SORT_CONTEXT_SET.name}.`)) n = n.slice(SORT_CONTEXT_SET.name.length + 1)
    const bare = m.value === undefined
    if (bare && n === 'ascending') descending = false
    else if (bare && n === 'descending') descending = true
    else if (bare && (n === 'ignorecase' || n === 'ignoreaccents' || n === 'respectaccents')) continue
    else if (bare && n === 'respectcase') throw cqlError('unsupportedSortCase', m.name, 'case-sensitive sorting is not supported')
    else if (bare && n === 'missinglow') missing = 'low'
    else if (bare && n === 'missinghigh') missing = 'high'
    else if (bare && n === 'missingomit') missing = 'omit'
    else if (n === 'missingfail' || n === 'missingvalue') throw cqlError('unsupportedSortMissing', m.name, `${m.name} is not supported`)
    else if (n === 'locale' && m.comparison === '=' && /^vi([-_].*)?$/i.test(m.value ?? '')) continue
    else throw cqlError('queryFeatureUnsupported', m.name, `sort modifier '${m.name}' is not supported`)
  }
  return missing === undefined ? { index: row.index, descending } : { index: row.index, descending, missing }
}

/** Prefix assignments at the top scope the sort keys too (CQL 1.2: sortedQuery ::= prefixAssignment sortedQuery). */
function topScope (n: CqlNode, scope: Scope): Scope {
  if (n.kind !== 'prefixed') return scope
  if (n.name === undefined) return topScope(n.query, { named: scope.named, defaultUri: n.uri })
  const named = new Map(scope.named)
  named.set(n.name.toLowerCase(), n.uri)
  return topScope(n.query, { named, ...(scope.defaultUri !== undefined ? { defaultUri: scope.defaultUri } : {}) })
}

/** Compiles a parsed query. Throws DiagnosticError only. */
export function compileCql (q: CqlQuery): CompiledQuery {
  const query = node(q.root, ROOT_SCOPE)
  if (q.sortKeys.length > MAX_SORT_KEYS) throw cqlError('tooManySortKeys', String(MAX_SORT_KEYS), `at most ${MAX_SORT_KEYS} sort keys`)
  const scope = topScope(q.root, ROOT_SCOPE)
  return { query, sort: q.sortKeys.map(k => sortKey(k, scope)) }
}
