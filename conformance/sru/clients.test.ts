// Black-box SRU conformance: Debian's yaz-client and zoomsh against a started libgate, every
// response validated (SRU 2.0 against the LoC XSDs; 1.x against LoC's srw-types.xsd, see validate-1x.ts).
import t from 'tap'
import { fetchText, hits, run, startTarget, validate20 } from './lib.js'
import { validate1x } from './validate-1x.js'

const target = await startTarget()
t.teardown(() => target.stop())
const sru = target.sru
const q = encodeURIComponent

t.test('zoomsh: searches and presents in every schema, SOAP, GET and POST, every version', async t => {
  for (const mode of ['soap', 'get', 'post']) {
    for (const version of ['1.1', '1.2', '2.0']) {
      if (mode === 'soap' && version === '2.0') continue // SRW (SOAP) is an SRU 1.x binding
      const r = run('zoomsh', [`set sru ${mode}`, `set sru_version ${version}`, `connect ${sru}`, 'search cql:dc.title="truyen kieu"', 'show 0 1', 'quit'])
      t.match(r.out, /: 1 hits/, `${mode} ${version}: search`)
      t.match(r.out, /Truyện Kiều/, `${mode} ${version}: record`)
    }
  }
  for (const schema of ['marcxml', 'dc', 'mods', 'oai_dc']) {
    const r = run('zoomsh', ['set sru get', `set schema ${schema}`, `connect ${sru}`, 'search cql:dc.creator=nguyen', 'show 0 2', 'quit'])
    t.match(r.out, /: \d+ hits/, schema)
    t.match(r.out, /Nguyễn/, `${schema}: Vietnamese text intact`)
  }
  const scan = run('zoomsh', ['set sru get', `connect ${sru}`, 'scan cql:dc.title=t', 'quit'])
  t.match(scan.out, /Truyện Kiều/, 'zoomsh scan')
})

t.test('yaz-client: sru get 1.2 / post 1.1 / soap, find, show, scan', async t => {
  for (const how of ['sru get 1.2', 'sru post 1.1', 'sru soap 1.2']) {
    const r = run('yaz-client', [], `${how}\nopen ${sru}\nquerytype cql\nfind dc.title=kieu\nschema dc\nshow 1\nscan dc.subject=van\nquit\n`)
    t.match(r.out, /Number of hits: [1-9]/, `${how}: find`)
    t.match(r.out, /schema=info:srw\/schema\/1\/dc-v1.1/, `${how}: show in dc`)
    t.match(r.out, /Received SRW Scan Response/, `${how}: scan`)
    t.match(r.out, /Văn học/, `${how}: scan terms`)
  }
})

const CASES20 = [
  '', 'query=kieu', `query=${q('dc.title = "truyện kiều"')}&recordSchema=dc`, 'query=kieu&recordSchema=mods',
  'query=kieu&recordSchema=oai_dc&recordXMLEscaping=string', `query=${q('cql.allRecords = 1 sortby dc.title')}&maximumRecords=100`,
  `query=${q('cql.allRecords = 1')}&facetLimit=10&maximumRecords=0`, 'query=kieu&resultSetTTL=60', 'query=kieu&startRecord=99',
  'query=dc.title%3D', 'query=foo.bar%3Dx', 'query=dc.nosuch%3Dx', 'query=a&recordSchema=nosuch', 'query=a&startRecord=0',
  `scanClause=${q('dc.title = t')}`, `scanClause=${q('dc.subject = v')}&responsePosition=3&maximumTerms=5`, 'scanClause=dc.nosuch%3Dx',
  'version=3.0&query=a',
]

t.test('SRU 2.0 responses validate against the LoC/OASIS schemas', async t => {
  for (const qs of CASES20) {
    const r = await fetchText(`${sru}?${qs}`)
    t.equal(r.status, 200, qs)
    t.equal(validate20(r.body), '', `valid: ${qs}`)
  }
  const r = await fetchText(`${sru}/nonexistent?query=a`)
  t.match(r.body, /info:srw\/diagnostic\/1\/235/)
  t.equal(validate20(r.body), '')
})

t.test('SRU 1.x responses validate against srw-types.xsd, in the zing/srw namespace', async t => {
  for (const v of ['1.1', '1.2'] as const) {
    for (const qs of [`operation=explain`, `operation=searchRetrieve&query=kieu&recordSchema=dc`, `operation=searchRetrieve&query=kieu&recordPacking=string`, `operation=scan&scanClause=${q('dc.title = t')}`, 'operation=searchRetrieve&query=%28']) {
      const r = await fetchText(`${sru}?version=${v}&${qs}`)
      t.equal(validate1x(r.body, v), '', `${v} ${qs}`)
      t.match(r.body, /xmlns:zs="http:\/\/www.loc.gov\/zing\/srw\/"/)
      t.match(r.body, new RegExp(`<zs:version>${v.replace('.', '\\.')}</zs:version>`))
    }
  }
  const post = await fetchText(sru, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'version=1.2&operation=searchRetrieve&query=kieu' })
  t.ok(hits(post.body) >= 1, 'POST form-encoded')
})
