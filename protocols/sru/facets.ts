import { CQL_INDEXES, qualifiedName, type CqlIndexRow } from '../../mappings/cql-indexes.js'
import type { FacetCount } from '../../src/store/port.js'
import type { FacetOut } from './response.js'
import type { FacetRequest } from './request.js'

/**
 * SRU 2.0 facets (OASIS searchRetrieve Part 3 §8, facetedResults.xsd) over the whole result set: the
 * store counts (RecordStore.facets), exactly, whatever the size of the result; this file maps the
 * facet indexes of the CQL table to the response.
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

function quote (v: string): string {
  return `"${v.replace(/[\\"*?^]/g, c => '\\' + c)}"`
}

/** One facet of the response from the store's counts: each term with the query that finds its records. */
export function facetOut (row: CqlIndexRow, counts: readonly FacetCount[]): FacetOut {
  const name = qualifiedName(row)
  const rel = row.kind === 'words' ? '==' : '='
  return { index: name, displayLabel: row.title, terms: counts.map(c => ({ actualTerm: c.value, query: `${name} ${rel} ${quote(c.value)}`, count: c.count })) }
}
