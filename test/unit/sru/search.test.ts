import t from 'tap'
import { build, diagnosticNumbers, get, numberOfRecords, sampleStore } from './app.js'
import { fakeStore, marc, storedMarc } from './fake-store.js'
import { CQL_INDEXES, qualifiedName } from '../../../mappings/cql-indexes.js'
import { RECORD_SCHEMAS } from '../../../protocols/sru/schemas.js'

const positions = (xml: string): number[] => [...xml.matchAll(/<(?:zs|sru):recordPosition>(\d+)</g)].map(m => Number(m[1]))
const next = (xml: string): number | undefined => { const m = /nextRecordPosition>(\d+)</.exec(xml); return m === null ? undefined : Number(m[1]) }

t.test('Vietnamese matching', async t => {
  const app = await build()
  t.equal(numberOfRecords(await get(app, 'query=dc.title%3D%22truyen%20kieu%22')), 1, 'folded phrase finds Truyện Kiều')
  t.equal(numberOfRecords(await get(app, 'query=kieu')), 2)
  t.equal(numberOfRecords(await get(app, 'query=dc.title%3D%3D%22Truy%E1%BB%87n%20Ki%E1%BB%81u%22')), 1, '== with tone marks')
  t.equal(numberOfRecords(await get(app, 'query=dc.title%3D%3D%22Truyen%20Kieu%22')), 0, '== respects tone marks')
  t.equal(numberOfRecords(await get(app, 'query=dc.title%20exact%20%22Ba%20Trieu%22')), 0)
  t.equal(numberOfRecords(await get(app, 'query=dc.title%3D%22ba%20trieu%22')), 1)
})

t.test('paging arithmetic: startRecord, maximumRecords, nextRecordPosition', async t => {
  const store = sampleStore()
  const app = await build(store)
  const q = 'query=cql.allRecords%3D1%20sortby%20dc.title'
  const p1 = await get(app, `${q}&maximumRecords=2`)
  t.same(positions(p1), [1, 2]); t.equal(next(p1), 3); t.equal(numberOfRecords(p1), 5)
  const p3 = await get(app, `${q}&maximumRecords=2&startRecord=5`)
  t.same(positions(p3), [5]); t.equal(next(p3), undefined, 'omitted when no records remain')
  const p2 = await get(app, `${q}&maximumRecords=2&startRecord=4`)
  t.same(positions(p2), [4, 5]); t.equal(next(p2), undefined)
  t.equal(store.calls.search, 1, 'paging reads the cached result set: one search')
  const over = await get(app, `${q}&maximumRecords=2&startRecord=6`)
  t.same(diagnosticNumbers(over), [61]); t.equal(numberOfRecords(over), 5)
  const none = await get(app, 'query=dc.title%3Dnosuchword')
  t.equal(numberOfRecords(none), 0); t.same(diagnosticNumbers(none), [], '0 hits: no records, no diagnostic')
})

t.test('maximumRecords=0 is a count without fetching records', async t => {
  const store = sampleStore()
  const app = await build(store)
  const xml = await get(app, 'query=cql.allRecords%3D1&maximumRecords=0')
  t.equal(numberOfRecords(xml), 5)
  t.notMatch(xml, /<sru:records>/)
  t.equal(store.calls.get, 0)
})

t.test('Vietnamese sort order', async t => {
  const app = await build()
  const xml = await get(app, 'query=cql.allRecords%3D1%20sortby%20dc.title&recordSchema=dc')
  t.same([...xml.matchAll(/<title>([^<]*)<\/title>/g)].map(m => m[1]), ['Ba người lính', 'Bà Triệu', 'Kiều tân truyện', 'Lục Vân Tiên', 'Truyện Kiều'])
  const desc = await get(app, 'version=1.1&operation=searchRetrieve&query=cql.allRecords%3D1&sortKeys=dc.title,,0&recordSchema=dc')
  t.same([...desc.matchAll(/<title>([^<]*)<\/title>/g)].map(m => m[1])[0], 'Truyện Kiều', '1.1 sortKeys, descending')
  const both = await get(app, 'query=cql.allRecords%3D1%20sortby%20dc.title&sortKeys=dc.title,,0&recordSchema=dc')
  t.same(diagnosticNumbers(both), [94], 'sortby and sortKeys: the query prevails')
  t.same([...both.matchAll(/<title>([^<]*)<\/title>/g)].map(m => m[1])[0], 'Ba người lính')
})

t.test('fatal diagnostics: numberOfRecords 0, HTTP 200', async t => {
  const app = await build()
  for (const [qs, n] of [
    ['query=dc.title%3D', 10], ['query=(aida', 10], ['query=foo.bar%3Daida', 15], ['query=dc.nosuch%3Da', 16],
    ['query=dc.title%3D/foo%20a', 20], ['startRecord=0&query=a', 6], ['maximumRecords=abc&query=a', 6],
    ['version=1.2&operation=searchRetrieve', 7], ['version=1.2&operation=searchRetrieve&query=a&foo=bar', 8],
    ['version=3.0&query=a', 5], ['query=a&recordSchema=nosuch', 66], ['version=1.2&operation=searchRetrieve&query=a&recordPacking=bogus', 71],
    ['query=a%20prox%20b', 39], ['query=a&recordSchema=dc&stylesheet=http://evil/x.xsl', 111],
  ] as const) {
    const xml = await get(app, qs)
    t.same(diagnosticNumbers(xml), [n], qs)
    t.equal(numberOfRecords(xml), 0, `${qs}: numberOfRecords 0`)
    t.notMatch(xml, /at .*\.(ts|js):\d+/, 'no stack trace')
  }
  const d16 = await get(app, 'query=dc.nosuch%3Da')
  t.match(d16, /<diag:details>dc.nosuch<\/diag:details>/, 'diagnostic 16 names the index')
  const op = await get(app, 'version=1.2&operation=bogus')
  t.same(diagnosticNumbers(op), [4])
})

t.test('databases: /sru/{ISIL} is one library; anything else is 235', async t => {
  const app = await build()
  t.equal(numberOfRecords(await get(app, 'query=cql.allRecords%3D1', '/sru/VN-B')), 3)
  t.equal(numberOfRecords(await get(app, 'query=cql.allRecords%3D1', '/sru/Default')), 5)
  for (const path of ['/sru/nonexistent', '/sru/VN-NOPE', '/sru/a/b']) {
    const xml = await get(app, 'query=a', path)
    t.same(diagnosticNumbers(xml), [235], path)
    t.equal(numberOfRecords(xml), 0)
  }
  const ex = await get(app, '', '/sru/VN-B')
  t.match(ex, /<zr:database>sru\/VN-B<\/zr:database>/, 'explain names the database path')
})

t.test('records: schemas, packing, identifiers, surrogates', async t => {
  const broken = storedMarc('VN-C', 'x', marc('x', 'Hỏng'))
  const store = fakeStore([
    storedMarc('VN-C', 'ok', marc('ok', 'Tốt')),
    { ...broken, marc: null },
  ])
  const app = await build(store)
  for (const s of RECORD_SCHEMAS) {
    const xml = await get(app, `query=cql.allRecords%3D1&recordSchema=${s.name}&maximumRecords=1`)
    t.match(xml, `<sru:recordSchema>${s.identifier}</sru:recordSchema>`, s.name)
    t.match(xml, '<sru:recordIdentifier>VN-C:ok</sru:recordIdentifier>')
  }
  const sur = await get(app, 'query=cql.allRecords%3D1&recordSchema=dc')
  t.match(sur, /<sru:recordSchema>info:srw\/schema\/1\/diagnostics-v1.1<\/sru:recordSchema>.*info:srw\/diagnostic\/1\/67/s, 'a record that cannot be rendered is a surrogate diagnostic')
  t.equal(numberOfRecords(sur), 2)
  const str = await get(app, 'version=1.2&operation=searchRetrieve&query=dc.title%3Dtot&recordPacking=string&recordSchema=dc')
  t.match(str, /<zs:recordPacking>string<\/zs:recordPacking><zs:recordData>&lt;srw_dc:dc/)
  const v11 = await get(app, 'version=1.1&operation=searchRetrieve&query=dc.title%3Dtot')
  t.notMatch(v11, /recordIdentifier/, '1.1 has no recordIdentifier')
})

t.test('explain is generated from the index and schema tables', async t => {
  const app = await build()
  const xml = await get(app, '')
  t.match(xml, /<sru:explainResponse/)
  const listed = [...xml.matchAll(/<zr:index [^>]*id="([^"]+)"/g)].map(m => m[1])
  t.same(listed, CQL_INDEXES.map(qualifiedName), 'exactly the indexes the compiler maps')
  t.same([...xml.matchAll(/<zr:schema identifier="([^"]+)"/g)].map(m => m[1]), RECORD_SCHEMAS.map(s => s.identifier))
  t.match(xml, /<zr:default type="numberOfRecords">10<\/zr:default>/)
  t.match(xml, /<zr:setting type="maximumRecords">100<\/zr:setting>/)
  const v12 = await get(app, 'version=1.2&operation=explain')
  t.match(v12, /<zs:explainResponse xmlns:zs="http:\/\/www.loc.gov\/zing\/srw\/"/)
  t.match(v12, /<zs:version>1.2<\/zs:version>/)
  t.match(v12, /serverInfo protocol="SRU" version="1.2"/)
})

t.test('scan', async t => {
  const store = sampleStore()
  const app = await build(store)
  const xml = await get(app, 'scanClause=dc.title%3D%22%22&maximumTerms=10')
  const values = [...xml.matchAll(/<scan:value>([^<]*)</g)].map(m => m[1])
  t.same(values, ['Ba người lính', 'Bà Triệu', 'Kiều tân truyện', 'Lục Vân Tiên', 'Truyện Kiều'], 'Vietnamese alphabetical order')
  t.match(xml, /<scan:whereInList>first<\/scan:whereInList>/)
  t.match(xml, /<scan:whereInList>last<\/scan:whereInList>/)
  const mid = await get(app, 'scanClause=dc.title%3Dkieu&maximumTerms=2&responsePosition=2')
  t.same([...mid.matchAll(/<scan:value>([^<]*)</g)].map(m => m[1]), ['Bà Triệu', 'Kiều tân truyện'])
  const subj = await get(app, 'version=1.2&operation=scan&scanClause=dc.subject%3Dv')
  t.match(subj, /<zs:value>Văn học<\/zs:value><zs:numberOfRecords>3<\/zs:numberOfRecords>/, 'exact counts')
  t.same(diagnosticNumbers(await get(app, 'scanClause=dc.publisher%3Da')), [16], 'an index explain does not list as scannable')
  t.same(diagnosticNumbers(await get(app, 'scanClause=dc.title%3Da&responsePosition=50&maximumTerms=5')), [120])
  t.same(diagnosticNumbers(await get(app, 'scanClause=dc.title%20any%20a')), [19])
})

t.test('SRU 2.0 JSON, facets, POST', async t => {
  const app = await build()
  const r = await app.inject({ method: 'GET', url: '/sru?query=cql.allRecords%3D1&httpAccept=application/json&facetLimit=10:dc.subject,5:libgate.library&maximumRecords=1' })
  t.match(r.headers['content-type'], /application\/json/)
  const j = JSON.parse(r.body)
  t.equal(j.numberOfRecords, 5)
  t.equal(j.records.length, 1)
  t.same(j.facetedResults[0].terms.map((x: { actualTerm: string, count: number }) => [x.actualTerm, x.count]), [['Văn học', 3], ['Lịch sử', 2], ['Thơ', 2]])
  t.same(j.facetedResults[1].terms.map((x: { actualTerm: string, count: number }) => [x.actualTerm, x.count]), [['VN-B', 3], ['VN-A', 2]])
  const facetQuery = j.facetedResults[0].terms[0].query as string
  t.equal(numberOfRecords(await get(app, `query=${encodeURIComponent(facetQuery)}`)), 3, 'a facet term\'s query finds its count')
  const post = await app.inject({ method: 'POST', url: '/sru', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'version=1.2&operation=searchRetrieve&query=dc.title%3Dkieu' })
  t.equal(numberOfRecords(post.body), 2)
  t.equal(post.headers['access-control-allow-origin'], '*')
  const sruXml = await app.inject({ method: 'GET', url: '/sru?query=a', headers: { accept: 'application/sru+xml' } })
  t.match(sruXml.headers['content-type'], /application\/sru\+xml/)
})
