import { DiagnosticError, diagnosticFor } from '../../mappings/diagnostics.js'
import type { Isil } from '../../src/model/isil.js'
import { recordKey, type RecordId, type StoredRecord } from '../../src/model/record.js'
import type { Query, SortKey } from '../../src/search/ast.js'
import type { CqlIndexRow } from '../../mappings/cql-indexes.js'
import type { FacetIndex, RecordStore, SearchHit, SearchResult } from '../../src/store/port.js'
import { compileCql, resolveIndex } from './cql/compile.js'
import { parseCql } from './cql/parser.js'
import { toXcql } from './cql/xcql.js'
import type { CqlQuery } from './cql/ast.js'
import { explainRecord, type ExplainInfo } from './explain.js'
import { facetOut, facetRows } from './facets.js'
import { Lru } from './lru.js'
import { viCompare } from '../../src/text/collation.js'
import type { Diag, ExplainRequest, ScanRequest, SearchRequest } from './request.js'
import type { ExplainOut, FacetOut, RecordOut, ScanOut, ScanTermOut, SearchOut } from './response.js'
import { parseSortKeys } from './sort-keys.js'

/**
 * The SRU operations on the record store port (STYLE.md P2: no HTTP here). Result sets are cached
 * by normalised query + sort for resultSetTTL seconds, so paging reads ids from memory instead of
 * re-running the search (research §1.6); rendered records are cached by (record, stamp, schema), so
 * a record is rendered once and served many times (§5.3 takeaway).
 */

interface ResultSet {
  readonly total: number
  /** The store's latestStamp when the search ran. */
  readonly mark: number
  /** Sparse: position (0-based) → hit, for the windows fetched so far. */
  readonly hits: Array<SearchHit | undefined>
  known: number
  facets?: Map<string, FacetOut[]>
}

export interface SruCaches {
  readonly results: Lru<string, ResultSet>
  readonly rendered: Lru<string, string>
}

export function createCaches (opts: { resultSets?: number, resultIds?: number, renderedChars?: number } = {}): SruCaches {
  return {
    results: new Lru(opts.resultSets ?? 2000, opts.resultIds ?? 500_000),
    rendered: new Lru(200_000, opts.renderedChars ?? 64 * 1024 * 1024),
  }
}

export interface SruContext {
  readonly store: RecordStore
  readonly caches: SruCaches
  /** Set for `/sru/{ISIL}`: the database is that library's records only. */
  readonly library?: Isil
  /** Records fetched per search window (a page is served from it without another search). */
  readonly window: number
  readonly now: () => number
  /** The store's latestStamp, read once for the request: result sets and answers never outlive a change. */
  readonly mark: number
}

const PRECISION_EXACT = 'info:srw/vocabulary/resultCountPrecision/1/exact'

function diagOf (e: unknown): Diag {
  const d = diagnosticFor(e)
  return d.details !== undefined ? { name: d.name, details: d.details, message: d.message } : { name: d.name, message: d.message }
}

function restrict (q: Query, library: Isil | undefined): Query {
  if (library === undefined) return q
  const lib: Query = { kind: 'term', index: 'library', match: 'exact', term: library, masking: false, accentSensitive: true }
  return q.kind === 'all' ? lib : { kind: 'and', left: q, right: lib }
}

function searchTermsQuery (s: string): Query {
  // SRU 2.0 queryType=searchTerms (OpenSearch): plain words, all of them, anywhere.
  const words = s.trim()
  if (words === '') return { kind: 'all' }
  return { kind: 'term', index: 'any', match: 'all', term: words.normalize('NFC'), masking: false, accentSensitive: false }
}

function fatalSearch (req: SearchRequest, d: Diag): SearchOut {
  return { kind: 'searchRetrieve', version: req.version, numberOfRecords: 0, records: [], xmlEscaping: req.xmlEscaping, diagnostics: [...req.diagnostics, d] }
}

function echoOf (req: SearchRequest): Array<readonly [string, string]> {
  return [...req.params].filter(([k]) => k !== 'version' && k !== 'operation' && !k.startsWith('x-'))
}

/**
 * xQuery holds XCQL (srw-types.xsd: type xcql:operandType; response.ts declares its namespace on the
 * element). operandType has no sort keys: a `sortby` is echoed by the request's own `query`, not here.
 */
function xQueryOf (parsed: CqlQuery): string {
  return toXcql({ ...parsed, sortKeys: [] }, 'standard').trim()
}

export async function searchRetrieve (req: SearchRequest, ctx: SruContext): Promise<SearchOut> {
  if (req.fatal !== undefined) return fatalSearch(req, req.fatal)
  const diagnostics: Diag[] = [...req.diagnostics]
  let query: Query
  let sort: readonly SortKey[] = []
  let parsed: CqlQuery | undefined
  try {
    if (req.queryType === 'cql') {
      parsed = parseCql(req.query)
      const c = compileCql(parsed)
      query = c.query
      sort = c.sort
    } else {
      query = searchTermsQuery(req.query)
    }
    if (req.sortKeys !== undefined) {
      const protocolSort = parseSortKeys(req.sortKeys)
      if (sort.length > 0 && protocolSort.length > 0) diagnostics.push({ name: 'sortInQueryAndProtocol' })
      else sort = protocolSort
    }
  } catch (e) {
    return fatalSearch(req, diagOf(e))
  }
  query = restrict(query, ctx.library)

  const key = JSON.stringify([query, sort])
  const mark = ctx.mark
  const now = ctx.now()
  const ttlMs = req.resultSetTtl * 1000
  const offset = req.startRecord - 1
  const want = req.maximumRecords
  const fetched = new Map<string, StoredRecord>()
  let rs = ctx.caches.results.get(key, now)
  // A result set is a snapshot for paging: a later page keeps its positions (records deleted since
  // come back as surrogate diagnostics), while a search from the start (or a count) after any change
  // in the store runs again, so a new search is never answered from before an import or a deletion.
  if (rs !== undefined && rs.mark !== mark && (offset === 0 || want === 0)) rs = undefined
  try {
    if (rs === undefined) {
      // A window of hits, and whole records only for the page served now.
      const res = await ctx.store.search(query, { sort, offset: want > 0 ? offset : 0, limit: want > 0 ? Math.max(want, ctx.window) : 0, records: want })
      rs = { total: res.total, mark, hits: [], known: 0 }
      fill(rs, offset, res, fetched)
      if (ttlMs > 0) ctx.caches.results.set(key, rs, 1 + rs.known, now + ttlMs)
    } else if (want > 0 && offset < rs.total && !covered(rs, offset, Math.min(want, rs.total - offset))) {
      const res = await ctx.store.search(query, { sort, offset, limit: Math.max(want, ctx.window), records: want })
      fill(rs, offset, res, fetched)
      ctx.caches.results.reweigh(key, 1 + rs.known)
    }
  } catch (e) {
    return fatalSearch(req, diagOf(e))
  }

  const total = rs.total
  const out: { -readonly [K in keyof SearchOut]: SearchOut[K] } = {
    kind: 'searchRetrieve',
    version: req.version,
    numberOfRecords: total,
    records: [],
    xmlEscaping: req.xmlEscaping,
    diagnostics,
  }
  if (req.version === '2.0') {
    out.resultCountPrecision = PRECISION_EXACT
    if (req.resultSetTtlRequested) out.resultSetTtl = req.resultSetTtl
  }
  out.echo = echoOf(req)
  if (parsed !== undefined && req.version !== '2.0') out.xQuery = xQueryOf(parsed)

  if (want > 0 && total > 0 && req.startRecord > total) {
    // SRU 1.2: diagnostic 61; the search itself succeeded, so numberOfRecords stays (YAZ does the same).
    diagnostics.push({ name: 'firstRecordOutOfRange', details: String(req.startRecord) })
    return out
  }
  if (want > 0 && offset < total) {
    const end = Math.min(total, offset + want)
    out.records = await records(rs, offset, end, req, ctx, fetched)
    if (end < total) out.nextRecordPosition = end + 1
  }
  if (req.facets.length > 0) {
    try {
      out.facets = await facets(rs, query, req, ctx, diagnostics)
    } catch (e) {
      diagnostics.push(diagOf(e))
    }
  }
  return out
}

function fill (rs: ResultSet, offset: number, res: SearchResult, fetched: Map<string, StoredRecord>): void {
  const hits: readonly SearchHit[] = res.hits ?? res.records
  hits.forEach((h, i) => {
    if (rs.hits[offset + i] === undefined) rs.known++
    rs.hits[offset + i] = { id: h.id, stamp: h.stamp }
  })
  for (const r of res.records) fetched.set(recordKey(r.id), r)
}

function covered (rs: ResultSet, offset: number, n: number): boolean {
  for (let i = offset; i < offset + n; i++) if (rs.hits[i] === undefined) return false
  return true
}

async function records (rs: ResultSet, start: number, end: number, req: SearchRequest, ctx: SruContext, fetched: Map<string, StoredRecord>): Promise<RecordOut[]> {
  const schema = req.schema
  const slots: Array<{ hit: SearchHit | undefined, key: string, xml?: string }> = []
  const missing: RecordId[] = []
  for (let i = start; i < end; i++) {
    const hit = rs.hits[i]
    const k = hit === undefined ? '' : `${recordKey(hit.id)}|${hit.stamp}|${schema.name}`
    const xml = hit === undefined ? undefined : ctx.caches.rendered.get(k)
    slots.push(xml === undefined ? { hit, key: k } : { hit, key: k, xml })
    if (xml === undefined && hit !== undefined && !fetched.has(recordKey(hit.id))) missing.push(hit.id)
  }
  if (missing.length > 0) {
    const got = await Promise.all(missing.map(async id => await ctx.store.get(id).catch(() => undefined)))
    for (const r of got) if (r !== undefined) fetched.set(recordKey(r.id), r)
  }
  return slots.map((s, j): RecordOut => {
    const position = start + j + 1
    if (s.hit === undefined) return { schema: schema.identifier, position, surrogate: { name: 'recordTemporarilyUnavailable' } }
    const identifier = recordKey(s.hit.id)
    if (s.xml !== undefined) return { schema: schema.identifier, position, identifier, xml: s.xml }
    const rec = fetched.get(identifier)
    if (rec === undefined || rec.deleted) return { schema: schema.identifier, position, identifier, surrogate: { name: 'recordDoesNotExist', details: identifier } }
    let xml: string
    try {
      xml = schema.render(rec)
    } catch (e) {
      // A record that cannot be shown in this schema is a surrogate diagnostic in its slot (SRU 1.2 "Surrogate Diagnostics").
      return { schema: schema.identifier, position, identifier, surrogate: { name: 'recordNotInSchema', details: schema.identifier, message: `record ${identifier}: ${e instanceof Error ? e.message : String(e)}` } }
    }
    // Cache under the stamp of the record actually rendered: a later change gets a new entry.
    ctx.caches.rendered.set(`${identifier}|${rec.stamp}|${schema.name}`, xml, xml.length)
    return { schema: schema.identifier, position, identifier, xml }
  })
}

async function facets (rs: ResultSet, query: Query, req: SearchRequest, ctx: SruContext, diagnostics: Diag[]): Promise<FacetOut[]> {
  const wanted: Array<{ row: CqlIndexRow, limit: number }> = []
  for (const f of facetRows(req.facets)) {
    if ('unknown' in f) diagnostics.push({ name: 'unsupportedIndex', details: f.unknown, message: 'not a facet index' })
    else wanted.push(f)
  }
  if (wanted.length === 0 || rs.total === 0) return wanted.map(w => facetOut(w.row, []))
  const cacheKey = JSON.stringify([wanted.map(w => [w.row.name, w.limit]), req.facetStart, req.facetSort])
  const cached = rs.facets?.get(cacheKey)
  if (cached !== undefined) return cached
  // every facet row of the CQL table names one of the store's facet indexes (test/unit/store/facets.test.ts)
  const order = req.facetSort === 'count' ? 'count' : 'alpha'
  const counts = await ctx.store.facets(query, wanted.map(w => ({ index: w.row.index as FacetIndex, order, offset: req.facetStart - 1, limit: w.limit })))
  const out = wanted.map((w, i) => facetOut(w.row, counts[i]))
  rs.facets ??= new Map()
  rs.facets.set(cacheKey, out)
  return out
}

// ---------------------------------------------------------------------------------------------------

export async function scan (req: ScanRequest, ctx: SruContext): Promise<ScanOut> {
  const base = { kind: 'scan' as const, version: req.version }
  if (req.fatal !== undefined) return { ...base, terms: [], diagnostics: [...req.diagnostics, req.fatal] }
  try {
    const parsed = parseCql(req.scanClause)
    const root = parsed.root.kind === 'prefixed' ? undefined : parsed.root
    if (root === undefined || root.kind !== 'searchClause' || parsed.sortKeys.length > 0) {
      throw new DiagnosticError('querySyntax', req.scanClause, 'a scanClause is one index relation term')
    }
    const row = root.implicitIndex ? resolveIndex('cql.serverChoice') : resolveIndex(root.index)
    if (!row.scan || row.index === 'allRecords' || row.index === 'recordId') throw new DiagnosticError('unsupportedIndex', root.index, `index '${root.index}' cannot be scanned`)
    const rel = root.relation.toLowerCase()
    if (!['=', '==', 'exact', '>=', 'cql.exact'].includes(rel)) throw new DiagnosticError('unsupportedRelation', root.relation, 'scan takes =, ==, exact or >=')
    const from = [root.term, ...root.extraTerms].join(' ').replace(/\\(.)/g, '$1').normalize('NFC')
    const n = req.maximumTerms
    const rp = req.responsePosition
    if (rp > n + 1) throw new DiagnosticError('responsePositionOutOfRange', String(rp))
    const before = Math.max(0, rp - 1)
    const after = rp === 0 ? n + 1 : n - before
    // SRU scan: responsePosition 0 puts the start term just before the list; skip it if it is there.
    // One more entry on each side than needed tells whether the list reaches the index's ends (whereInList).
    const askedBefore = before + 1
    const askedAfter = after + 1
    // a library's own base path: the store scans that library's terms, with their counts in it
    const entries = await ctx.store.scan({ index: row.index, from, before: askedBefore, after: askedAfter, ...(ctx.library !== undefined ? { library: ctx.library } : {}) })
    // the store's scan order is viSortKey's: find the start term in that same order
    let startAt = entries.findIndex(e => viCompare(e.term, from) >= 0)
    if (startAt < 0) startAt = entries.length
    let first = Math.max(0, startAt - before)
    if (rp === 0 && startAt < entries.length && entries[startAt].term.localeCompare(from, 'vi', { sensitivity: 'base' }) === 0) first = startAt + 1
    const list = entries.slice(first, first + n)
    // The store returned fewer entries than asked on a side: that side's end of the index is in the list.
    const indexFirst = first === 0 && startAt < askedBefore
    const indexLast = first + list.length === entries.length && entries.length - startAt < askedAfter
    const terms: ScanTermOut[] = list.map((e, i) => {
      const isFirst = i === 0 && indexFirst
      const isLast = i === list.length - 1 && indexLast
      const whereInList = isFirst && isLast ? 'only' : isFirst ? 'first' : isLast ? 'last' : 'inner'
      return { value: e.term, numberOfRecords: e.count, displayTerm: e.term, whereInList }
    })
    return { ...base, terms, diagnostics: [...req.diagnostics] }
  } catch (e) {
    return { ...base, terms: [], diagnostics: [...req.diagnostics, diagOf(e)] }
  }
}

// ---------------------------------------------------------------------------------------------------

export function explain (req: ExplainRequest, info: ExplainInfo): ExplainOut {
  return {
    kind: 'explain',
    version: req.version,
    xmlEscaping: req.xmlEscaping,
    explain: explainRecord(info, req.version),
    diagnostics: req.fatal !== undefined ? [...req.diagnostics, req.fatal] : [...req.diagnostics],
  }
}
