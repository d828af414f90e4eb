// A small in-memory RecordStore for the SRU protocol layer (STYLE.md P7: a fake of the port at the
// protocol boundary). It evaluates the shared query AST with the store's own extractors
// (mappings/search-indexes.ts) and Vietnamese folding, simply, without indexes.
import { extractDc, extractMarc } from '../../../mappings/search-indexes.js'
import type { Isil } from '../../../src/model/isil.js'
import type { MarcRecord } from '../../../src/model/marc.js'
import { recordKey, type RecordId, type StoredRecord } from '../../../src/model/record.js'
import type { Query, TermQuery } from '../../../src/search/ast.js'
import type { FacetOptions, RecordStore, ScanEntry, ScanOptions, SearchOptions, SearchResult } from '../../../src/store/port.js'
import { facetsFromRecords } from '../../helpers/facets-from-records.js'
import { viCompare } from '../../../src/text/collation.js'
import { exactKey, foldKey, words } from '../../../src/text/fold.js'

export interface FakeStore extends RecordStore {
  readonly calls: { search: number, get: number, scan: number }
}

function values (r: StoredRecord, index: string): Array<{ value: string, as: string }> {
  if (index === 'library') return [{ value: r.id.isil, as: 'both' }]
  if (index === 'localId') return [{ value: r.id.localId, as: 'both' }]
  if (index === 'type') return r.sets.filter(s => s.startsWith('type:')).map(s => ({ value: s.slice(5), as: 'both' }))
  const entries = r.marc !== null ? extractMarc(r.marc) : r.dc !== null ? extractDc(r.dc) : []
  return entries.filter(e => index === 'any' || e.index === index).map(e => ({ value: e.value, as: e.as }))
}

function maskRe (term: string, key: (s: string) => string): RegExp {
  let re = ''
  for (let i = 0; i < term.length; i++) {
    const c = term[i]
    if (c === '\\') { re += key(term[++i] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); continue }
    if (c === '*') re += '.*'
    else if (c === '?') re += '.'
    else if (c === '^') continue
    else re += key(c).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`, 'u')
}

function matchTerm (r: StoredRecord, q: TermQuery): boolean {
  const key = q.accentSensitive ? exactKey : foldKey
  const vals = values(r, q.index)
  if (q.match === 'exact') {
    const t = key(q.term)
    return vals.some(v => v.as !== 'words' && (q.masking ? maskRe(q.term, key).test(key(v.value)) : key(v.value) === t))
  }
  if (['lt', 'le', 'gt', 'ge', 'ne', 'within'].includes(q.match)) {
    const t = q.term
    return vals.some(v => {
      const x = v.value
      switch (q.match) {
        case 'lt': return x < t
        case 'le': return x <= t
        case 'gt': return x > t
        case 'ge': return x >= t
        case 'ne': return x !== t
        default: { const [lo, hi] = t.split(/\s+/); return x >= lo && x <= hi }
      }
    })
  }
  const tw = q.term.split(/\s+/).filter(w => w !== '').map(w => key(w))
  const fieldWords = vals.filter(v => v.as !== 'key').map(v => words(v.value).map(w => key(w)))
  const has = (w: string, fw: string[]): boolean => q.masking ? fw.some(x => maskRe(w, s => s).test(x)) : fw.includes(w)
  if (q.match === 'any') return tw.some(w => fieldWords.some(fw => has(w, fw)))
  if (q.match === 'all') return tw.every(w => fieldWords.some(fw => has(w, fw)))
  return fieldWords.some(fw => fw.join(' ').includes(tw.join(' ')))
}

function evaluate (r: StoredRecord, q: Query): boolean {
  switch (q.kind) {
    case 'all': return true
    case 'term': return matchTerm(r, q)
    case 'and': return evaluate(r, q.left) && evaluate(r, q.right)
    case 'or': return evaluate(r, q.left) || evaluate(r, q.right)
    case 'not': return evaluate(r, q.left) && !evaluate(r, q.right)
  }
}

let stampSeq = 1_700_000_000_000_000

export function storedMarc (isil: string, localId: string, marc: MarcRecord, sets: string[] = []): StoredRecord {
  const stamp = stampSeq++
  return { id: { isil: isil as Isil, localId }, stamp, datestamp: new Date(stamp / 1000), deleted: false, format: 'marc21', marc, dc: null, sets: [`library:${isil}`, ...sets], hash: String(stamp), provenance: null }
}

/** A MARC record with the given title (245 $a), author (100 $a), subjects (650 $a) and year. */
export function marc (id: string, title: string, opts: { author?: string, subjects?: string[], year?: string, lang?: string } = {}): MarcRecord {
  const f008 = `      s${opts.year ?? '2000'}    vm            000 0 ${opts.lang ?? 'vie'} d`
  return {
    leader: '00000nam a2200000 a 4500',
    fields: [
      { tag: '001', value: id },
      { tag: '008', value: f008 },
      ...(opts.author !== undefined ? [{ tag: '100', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: opts.author }] }] : []),
      { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: title }] },
      ...(opts.subjects ?? []).map(s => ({ tag: '650', ind1: ' ', ind2: '7', subfields: [{ code: 'a', value: s }] })),
    ],
  }
}

export function fakeStore (records: StoredRecord[]): FakeStore {
  const calls = { search: 0, get: 0, scan: 0 }
  const byKey = new Map(records.map(r => [recordKey(r.id), r]))
  const live = (): StoredRecord[] => [...byKey.values()].filter(r => !r.deleted)
  const sortValue = (r: StoredRecord, index: string): string => values(r, index).find(v => v.as !== 'words')?.value ?? ''
  return {
    calls,
    async search (q: Query, opts: SearchOptions): Promise<SearchResult> {
      calls.search++
      let hits = live().filter(r => evaluate(r, q))
      const sort = opts.sort ?? []
      hits.sort((a, b) => {
        for (const k of sort) {
          const c = viCompare(sortValue(a, k.index), sortValue(b, k.index))
          if (c !== 0) return k.descending ? -c : c
        }
        return recordKey(a.id) < recordKey(b.id) ? -1 : 1
      })
      const total = hits.length
      hits = opts.limit === 0 ? [] : hits.slice(opts.offset, opts.offset + opts.limit)
      if (opts.records === undefined) return { total, records: hits }
      return { total, records: hits.slice(0, opts.records), hits: hits.map(r => ({ id: r.id, stamp: r.stamp })) }
    },
    async get (id: RecordId) { calls.get++; return byKey.get(recordKey(id)) },
    async facets (q: Query, wanted: readonly FacetOptions[]) { const hits = live().filter(r => evaluate(r, q)); return wanted.map(w => facetsFromRecords(hits, w)) },
    async scan (o: ScanOptions): Promise<ScanEntry[]> {
      calls.scan++
      const counts = new Map<string, number>()
      for (const r of live()) {
        if (o.library !== undefined && r.id.isil !== o.library) continue
        for (const v of new Set(values(r, o.index).filter(v => v.as !== 'words').map(v => v.value))) counts.set(v, (counts.get(v) ?? 0) + 1)
      }
      const terms = [...counts].sort((a, b) => viCompare(a[0], b[0]))
      const start = terms.findIndex(([t]) => viCompare(t, o.from) >= 0)
      const s = start < 0 ? terms.length : start
      return terms.slice(Math.max(0, s - o.before), s + o.after).map(([term, count]) => ({ term, count }))
    },
    async libraries () { return [...new Set(live().map(r => r.id.isil))].sort() },
    async upsertBatch () { throw new Error('read-only fake') },
    openBatch () { throw new Error('read-only fake') },
    async listChanges () { return [] },
    async countChanges () { return 0 },
    async earliestStamp () { return undefined },
    async stableStamp () { return Date.now() * 1000 },
    async latestStamp () { return [...byKey.values()].reduce((m, r) => Math.max(m, r.stamp), 0) },
    async listSets () { return [] },
    async releaseWithheld () { return 0 },
    async touchAll () { return 0 },
    async stats () { return { live: live().length, deleted: 0 } },
    async ping () { return true },
    async close () {},
    async getOrCreateMeta (_k: string, create: () => string) { return create() },
    async setMeta () {},
  }
}
