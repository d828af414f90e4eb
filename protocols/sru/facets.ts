import { CQL_INDEXES, qualifiedName, type CqlIndexRow } from '../../mappings/cql-indexes.js'
import type { IndexEntry } from '../../mappings/search-indexes.js'
import { contentEntries } from '../../src/search/index-doc.js'
import type { StoredRecord } from '../../src/model/record.js'
import { viCompare } from '../../src/text/collation.js'
import type { FacetOut } from './response.js'
import type { FacetRequest } from './request.js'

/**
 * SRU 2.0 facets (OASIS searchRetrieve Part 3 §8, facetedResults.xsd) over the result set. The store
 * has no facet API, so counts are computed from the records themselves with the same extractors the
 * store indexes with (mappings/search-indexes.ts), over at most `bound` records of the result set.
 */
export const FACET_ROWS: readonly CqlIndexRow[] = CQL_INDEXES.filter(r => r.facet)

/** The facet rows a facetLimit asks for; an index that is not a facet is reported by the caller. */
export function facetRows (reqs: readonly FacetRequest[]): Array<{ row: CqlIndexRow, limit: number } | { unknown: string }> {
  const out: Array<{ row: CqlIndexRow, limit: number } | { unknown: string }> = []
  for (const r of reqs) {
    if (r.index === undefined) { for (const row of FACET_ROWS) out.push({ row, limit: r.limit }); continue }
    const n = r.index.toLowerCase()
    const row = FACET_ROWS.find(x => qualifiedName(x).toLowerCase() === n || x.name.toLowerCase() === n)
    out.push(row === undefined ? { unknown: r.index } : { row, limit: r.limit })
  }
  return out
}

function valuesOf (rec: StoredRecord, row: CqlIndexRow, entries: () => readonly IndexEntry[]): Set<string> {
  if (row.index === 'library') return new Set([rec.id.isil])
  if (row.index === 'type') return new Set(rec.sets.filter(s => s.startsWith('type:')).map(s => s.slice(5)))
  const out = new Set<string>()
  for (const e of entries()) if (e.index === row.index && e.as !== 'words') out.add(e.value)
  return out
}

function quote (v: string): string {
  return `"${v.replace(/[\\"*?^]/g, c => '\\' + c)}"`
}

/** Counts per facet value, largest first (or alphanumeric, Vietnamese order), from facetStart on. */
export function computeFacets (records: readonly StoredRecord[], wanted: ReadonlyArray<{ row: CqlIndexRow, limit: number }>, start: number, sort: 'count' | 'alphanumeric'): FacetOut[] {
  const counts = wanted.map(() => new Map<string, number>())
  for (const r of records) {
    // A record's index entries are extracted once for all the facets asked for, and only if one needs them.
    let cached: readonly IndexEntry[] | undefined
    const entries = (): readonly IndexEntry[] => (cached ??= contentEntries(r))
    wanted.forEach(({ row }, i) => { for (const v of valuesOf(r, row, entries)) counts[i].set(v, (counts[i].get(v) ?? 0) + 1) })
  }
  const out: FacetOut[] = []
  for (const [i, { row, limit }] of wanted.entries()) {
    const list = [...counts[i]].sort(sort === 'count' ? (a, b) => b[1] - a[1] || viCompare(a[0], b[0]) : (a, b) => viCompare(a[0], b[0]))
    const name = qualifiedName(row)
    const rel = row.kind === 'words' ? '==' : '='
    out.push({
      index: name,
      displayLabel: row.title,
      terms: list.slice(start - 1, start - 1 + limit).map(([v, c]) => ({ actualTerm: v, query: `${name} ${rel} ${quote(v)}`, count: c })),
    })
  }
  return out
}
