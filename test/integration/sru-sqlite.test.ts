// SRU on the real SQLite store with the 31 Vietnamese records (shared corpus), through app.inject.
import t from 'tap'
import { mkdtempSync, rmSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { openSqliteRecordStore } from '../../src/store/sqlite/record-store.js'
import { importFiles } from '../../src/ingest/import.js'
import type { Isil } from '../../src/model/isil.js'
import { term } from '../../src/model/query.js'
import { CQL_INDEXES, qualifiedName } from '../../mappings/cql-indexes.js'
import { build, diagnosticNumbers, get as getXml, numberOfRecords } from '../unit/sru/app.js'

const FILE = resolve(import.meta.dirname, '../../../shared/data/marc/vietnamese/vn-utf8-nfc.mrc')
const expected = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../shared/data/marc/vietnamese/vn-expected.json'), 'utf8')) as { titles_245a_nfc: string[] }

const dir = mkdtempSync(join(tmpdir(), 'libgate-sru-'))
const store = openSqliteRecordStore(join(dir, 'db.sqlite'))
await importFiles(store, { library: 'VN-TEST' as Isil, files: [FILE] })
const app = await build(store)
t.teardown(async () => { await app.close(); await store.close(); rmSync(dir, { recursive: true, force: true }) })

const get = (qs: string, path = '/sru'): Promise<string> => getXml(app, qs, path)
const hits = (xml: string): number => numberOfRecords(xml) ?? NaN
const diags = diagnosticNumbers
const q = (s: string): string => encodeURIComponent(s)

t.test('all records, paging to the end', async t => {
  const total = hits(await get(`query=${q('cql.allRecords = 1')}&maximumRecords=0`))
  t.equal(total, 31)
  const seen = new Set<string>()
  for (let start = 1; start <= total; start += 10) {
    const xml = await get(`query=${q('cql.allRecords = 1 sortby dc.title')}&startRecord=${start}&maximumRecords=10&recordSchema=dc`)
    for (const m of xml.matchAll(/<sru:recordIdentifier>([^<]+)</g)) seen.add(m[1])
    const next = /nextRecordPosition>(\d+)</.exec(xml)?.[1]
    t.equal(next === undefined ? undefined : Number(next), start + 10 <= total ? start + 10 : undefined, `next after ${start}`)
  }
  t.equal(seen.size, 31, 'every record once')
})

t.test('Vietnamese: folded search finds toned titles; == respects tone marks', async t => {
  const kieu = expected.titles_245a_nfc.find(x => /Kiều/.test(x))
  t.ok(kieu, 'the corpus has a Kiều title')
  t.ok(hits(await get(`query=${q('dc.title = "truyen kieu"')}`)) >= 1, 'truyen kieu')
  t.ok(hits(await get(`query=${q('dc.title = kieu')}`)) >= 1)
  t.equal(hits(await get(`query=${q('dc.title == "truyen kieu"')}`)), 0, '== does not fold tone marks')
})

t.test('every index explain lists answers without a diagnostic', async t => {
  for (const r of CQL_INDEXES) {
    const term = r.index === 'recordId' ? '"VN-TEST:1"' : r.index === 'library' ? 'VN-TEST' : r.kind === 'date' ? '2000' : 'a'
    const xml = await get(`query=${q(`${qualifiedName(r)} = ${term}`)}&maximumRecords=0`)
    t.same(diags(xml), [], qualifiedName(r))
  }
  for (const r of CQL_INDEXES.filter(x => x.sort)) {
    t.same(diags(await get(`query=${q(`cql.allRecords = 1 sortby ${qualifiedName(r)}`)}&maximumRecords=3`)), [], `sort ${qualifiedName(r)}`)
  }
  for (const r of CQL_INDEXES.filter(x => x.scan)) {
    const xml = await get(`scanClause=${q(`${qualifiedName(r)} = a`)}&maximumTerms=5`)
    t.same(diags(xml), [], `scan ${qualifiedName(r)}`)
    t.ok(/numberOfRecords>\d+</.test(xml), `scan ${qualifiedName(r)} has terms`)
  }
})

t.test('library database and schemas', async t => {
  t.equal(hits(await get(`query=${q('cql.allRecords = 1')}`, '/sru/VN-TEST')), 31)
  t.same(diags(await get('query=a', '/sru/VN-NONE')), [235])
  for (const s of ['marcxml', 'dc', 'mods', 'oai_dc']) {
    const xml = await get(`query=${q('cql.allRecords = 1')}&recordSchema=${s}&maximumRecords=31`)
    t.equal((xml.match(/<sru:record>/g) ?? []).length, 31, s)
    t.same(diags(xml), [], `${s}: no surrogates`)
  }
  const f = JSON.parse(await get(`query=${q('cql.allRecords = 1')}&facetLimit=5&httpAccept=application/json&maximumRecords=0`)) as { facetedResults: Array<{ index: string, terms: Array<{ count: number, query: string }> }> }
  t.ok(f.facetedResults.length >= 5)
  for (const facet of f.facetedResults) {
    for (const term of facet.terms.slice(0, 2)) {
      t.equal(hits(await get(`query=${q(term.query)}&maximumRecords=0`)), term.count, `${facet.index}: ${term.query}`)
    }
  }
})

t.test('a change in the store shows at once, whatever the result-set and response caches hold', async t => {
  const url = `version=1.2&operation=searchRetrieve&query=${q('dc.title = "Truyện Kiều"')}&maximumRecords=0&resultSetTTL=300`
  const before = hits(await get(url))
  t.ok(before >= 1)
  t.equal(hits(await get(url)), before, 'asked again: the same (cached) answer')
  const kieu = (await store.search(term('title', 'Truyện Kiều'), { sort: [], offset: 0, limit: 1 })).records[0]
  await store.upsertBatch([{ id: kieu.id, format: 'marc21', marc: null, dc: null, deleted: true, sets: kieu.sets }])
  t.equal(hits(await get(url)), before - 1, 'the deletion is seen by the next request')
})
