import { cqlError } from '../../mappings/diagnostics.js'
import type { SortKey } from '../../src/search/ast.js'
import { resolveIndex } from './cql/compile.js'

/**
 * The SRU 1.1 / 2.0 `sortKeys` parameter: space-separated keys `path,schema,ascending,caseSensitive,
 * missingValue` (SRU 1.1 "Sorting"; YAZ `cql_sortby_to_sortkeys` writes the same form). `path` is
 * a CQL index name; `schema` is ignored (our keys are indexes, not XPaths).
 */
export function parseSortKeys (param: string): SortKey[] {
  const out: SortKey[] = []
  for (const spec of param.trim().split(/\s+/)) {
    if (spec === '') continue
    const [path, , ascending = '1', caseSensitive = '0', missing = ''] = spec.split(',')
    if (path === undefined || path === '') throw cqlError('unsupportedSortPath', spec, 'a sort key needs a path')
    let row
    try { row = resolveIndex(path) } catch { throw cqlError('unsupportedSortPath', path, `cannot sort by '${path}'`) }
    if (!row.sort || row.index === 'allRecords' || row.index === 'recordId') throw cqlError('unsupportedSortPath', path, `cannot sort by '${path}'`)
    if (ascending !== '1' && ascending !== '0' && ascending !== 'true' && ascending !== 'false') throw cqlError('unsupportedSortDirection', ascending)
    if (caseSensitive === '1' || caseSensitive === 'true') throw cqlError('unsupportedSortCase', caseSensitive)
    const descending = ascending === '0' || ascending === 'false'
    if (missing === '' || missing === 'omit' || missing === 'lowValue' || missing === 'highValue') {
      const m = missing === 'omit' ? 'omit' : missing === 'lowValue' ? 'low' : missing === 'highValue' ? 'high' : undefined
      out.push(m === undefined ? { index: row.index, descending } : { index: row.index, descending, missing: m })
    } else {
      throw cqlError('unsupportedSortMissing', missing)
    }
  }
  return out
}
