// RecordStore.facets for the in-memory fakes, from the records themselves: the port's semantics
// (exact counts; date = the record's first date; subject headings as catalogued), computed the slow way.
import type { StoredRecord } from '../../src/model/record.js'
import type { FacetCount, FacetIndex, FacetOptions } from '../../src/store/port.js'
import { contentEntries, headingSort } from '../../src/search/index-doc.js'
import { foldWords, sortToken } from '../../src/search/keys.js'

function valuesOf (r: StoredRecord, index: FacetIndex): Map<string, string> {
  const out = new Map<string, string>() // sort key → display value
  if (index === 'library') { out.set(sortToken(r.id.isil), r.id.isil); return out }
  if (index === 'type') {
    for (const s of r.sets) if (s.startsWith('type:')) out.set(sortToken(s.slice(5)), s.slice(5))
    return out
  }
  const entries = contentEntries(r)
  if (index === 'date') {
    const first = entries.find(e => e.index === 'date' && foldWords(e.value) !== '')
    if (first !== undefined) out.set(sortToken(first.value), first.value)
    return out
  }
  for (const e of entries) {
    if (e.index !== index || e.as === 'words') continue
    if (index === 'subject') { const k = headingSort(e.value, e.skip); if (!out.has(k)) out.set(k, e.value) } else out.set(sortToken(foldWords(e.value)), foldWords(e.value))
  }
  return out
}

export function facetsFromRecords (records: Iterable<StoredRecord>, opts: FacetOptions): FacetCount[] {
  const index = opts.index
  const counts = new Map<string, { value: string, n: number }>()
  for (const r of records) {
    if (r.deleted) continue
    for (const [k, v] of valuesOf(r, index)) {
      const c = counts.get(k)
      if (c === undefined) counts.set(k, { value: v, n: 1 })
      else c.n++
    }
  }
  const cmp = (a: string, b: string): number => a < b ? -1 : a > b ? 1 : 0
  const list = [...counts].sort(opts.order === 'count' ? (a, b) => b[1].n - a[1].n || cmp(a[0], b[0]) : (a, b) => cmp(a[0], b[0]))
  return list.slice(opts.offset, opts.offset + opts.limit).map(([, c]) => ({ value: c.value, count: c.n }))
}
