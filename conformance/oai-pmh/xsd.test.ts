// Every response of every verb, the error cases included (research/oai-pmh.md R-01…R-77 where they
// apply to a running gateway), validates against the pristine schemas with xmllint --nonet.
import t from 'tap'
import { oai, harvestAll } from './lib/client.js'
import { validateXsd } from './lib/xsd.js'
import { startOaiGateway, REPOSITORY_ID } from './lib/gateway.js'
import { child, descendants } from '../../test/helpers/xml-tree.js'

const g = await startOaiGateway()
t.teardown(() => g.gw.stop())

const first = await harvestAll(g.base, 'ListIdentifiers', { metadataPrefix: 'oai_dc' })
const live = first.records.find(r => !r.deleted)!
const dead = first.records.find(r => r.deleted)
const marcLive = first.records.find(r => !r.deleted && r.identifier.includes(':VN-HN:'))!
const identify = await oai(g.base, 'verb=Identify')
const earliest = descendants(identify.root!, 'earliestDatestamp')[0].text
const yearBefore = `${Number(earliest.slice(0, 4)) - 1}${earliest.slice(4)}`
const enc = encodeURIComponent

const REQUESTS: Array<[string, string[]]> = [
  ['verb=Identify', []],
  ['verb=Identify&foo=bar', ['badArgument']],
  ['verb=Identify&verb=Identify', ['badVerb']],
  ['', ['badVerb']],
  ['junk', ['badVerb']],
  ['verb=junk', ['badVerb']],
  ['verb=identify', ['badVerb']],
  ['verb=ListMetadataFormats', []],
  [`verb=ListMetadataFormats&identifier=${enc(live.identifier)}`, []],
  ['verb=ListMetadataFormats&identifier=oai:nope.org:1', ['idDoesNotExist']],
  ['verb=ListMetadataFormats&metadataPrefix=oai_dc', ['badArgument']],
  ['verb=ListSets', []],
  ['verb=ListSets&resumptionToken=junk', ['badResumptionToken']],
  ['verb=ListSets&resumptionToken=X&set=library', ['badArgument']],
  [`verb=GetRecord&identifier=${enc(live.identifier)}&metadataPrefix=oai_dc`, []],
  [`verb=GetRecord&identifier=${enc(marcLive.identifier)}&metadataPrefix=marc21`, []],
  [`verb=GetRecord&identifier=${enc(marcLive.identifier)}&metadataPrefix=marcxml`, []],
  ['verb=GetRecord&metadataPrefix=oai_dc', ['badArgument']],
  [`verb=GetRecord&identifier=${enc(live.identifier)}`, ['badArgument']],
  [`verb=GetRecord&identifier=oai:${REPOSITORY_ID}:VN-HN:nope&metadataPrefix=oai_dc`, ['idDoesNotExist']],
  [`verb=GetRecord&identifier=${enc(live.identifier)}&metadataPrefix=nope`, ['cannotDisseminateFormat']],
  ['verb=GetRecord&identifier=invalid%22id&metadataPrefix=oai_dc', ['badArgument']],
  [`verb=GetRecord&identifier=${enc(live.identifier)}&metadataPrefix=oai_dc&from=2020-01-01`, ['badArgument']],
  [`verb=GetRecord&identifier=${enc(live.identifier)}&metadataPrefix=oai_dc&metadataPrefix=marc21`, ['badArgument']],
  ['verb=ListIdentifiers&metadataPrefix=oai_dc', []],
  ['verb=ListRecords&metadataPrefix=oai_dc', []],
  ['verb=ListRecords&metadataPrefix=marc21', []],
  ['verb=ListRecords', ['badArgument']],
  ['verb=ListRecords&metadataPrefix=nope', ['cannotDisseminateFormat']],
  ['verb=ListRecords&metadataPrefix=oai_dc&from=junk', ['badArgument']],
  ['verb=ListRecords&metadataPrefix=oai_dc&until=junk', ['badArgument']],
  ['verb=ListRecords&metadataPrefix=oai_dc&from=2002-02-05&until=2002-02-06T05:35:00Z', ['badArgument']],
  ['verb=ListRecords&metadataPrefix=oai_dc&from=2021-01-02&until=2021-01-01', ['badArgument']],
  ['verb=ListRecords&metadataPrefix=oai_dc&from=2021-01-02T00:00:00%2B07:00', ['badArgument']],
  ['verb=ListRecords&metadataPrefix=oai_dc&from=2021-01-02T00:00:00.5Z', ['badArgument']],
  [`verb=ListRecords&metadataPrefix=oai_dc&until=${yearBefore}`, ['noRecordsMatch']],
  ['verb=ListRecords&metadataPrefix=oai_dc&from=2999-01-01', ['noRecordsMatch']],
  ['verb=ListRecords&metadataPrefix=oai_dc&set=library', []],
  ['verb=ListRecords&metadataPrefix=oai_dc&set=library:VN-HN', []],
  ['verb=ListRecords&metadataPrefix=oai_dc&set=nosuch', ['noRecordsMatch']],
  ['verb=ListRecords&metadataPrefix=oai_dc&set=a::b', ['badArgument']],
  ['verb=ListRecords&resumptionToken=junk', ['badResumptionToken']],
  ['verb=ListIdentifiers&resumptionToken=junk&until=2000-02-05', ['badArgument']],
  ['verb=ListRecords&metadataPrefix=oai_dc&from=%3C!DOCTYPE%20x', ['badArgument']],
  ['verb=GetRecord&identifier=&metadataPrefix=oai_dc', ['badArgument']],
  ...(dead !== undefined ? [[`verb=GetRecord&identifier=${enc(dead.identifier)}&metadataPrefix=oai_dc`, []] as [string, string[]]] : []),
]

for (const [q, errors] of REQUESTS) {
  t.test(q === '' ? '(no arguments)' : q, async t => {
    for (const post of [false, true]) {
      const r = await oai(g.base, q, { post })
      t.equal(r.status, 200)
      t.equal(r.headers.get('content-type'), 'text/xml; charset=UTF-8')
      t.same(r.errors, errors, post ? 'POST' : 'GET')
      const v = validateXsd(r.body)
      t.ok(v.ok, `${post ? 'POST' : 'GET'} validates: ${v.output}`)
    }
  })
}

t.test('every page of full harvests in oai_dc and marc21, and ListIdentifiers, validates', async t => {
  for (const [verb, prefix] of [['ListRecords', 'oai_dc'], ['ListRecords', 'marc21'], ['ListIdentifiers', 'oai_dc']] as const) {
    const h = await harvestAll(g.base, verb, { metadataPrefix: prefix })
    t.ok(h.pages.length > 1, `${verb} ${prefix}: ${h.pages.length} pages`)
    for (const [i, p] of h.pages.entries()) {
      const v = validateXsd(p.body)
      if (!v.ok) t.fail(`${verb} ${prefix} page ${i + 1}: ${v.output}`)
    }
    t.pass(`${verb} ${prefix}: all pages valid`)
  }
})

t.test('mods: every page of a full harvest and a GetRecord validate against the MODS 3.6 schema', async t => {
  const r = await oai(g.base, { verb: 'GetRecord', identifier: marcLive.identifier, metadataPrefix: 'mods' })
  t.same(r.errors, [])
  const mods = child(descendants(r.root!, 'metadata')[0], 'mods')!
  t.equal(mods.uri, 'http://www.loc.gov/mods/v3')
  t.match(mods.attrs['xsi:schemaLocation'], /^http:\/\/www\.loc\.gov\/mods\/v3 http:\/\/www\.loc\.gov\/standards\/mods\/v3\/mods-3-\d\.xsd$/)
  const v = validateXsd(r.body)
  t.ok(v.ok, `GetRecord mods validates: ${v.output}`)
  const h = await harvestAll(g.base, 'ListRecords', { metadataPrefix: 'mods' })
  t.ok(h.pages.length > 1, `ListRecords mods: ${h.pages.length} pages`)
  for (const [i, p] of h.pages.entries()) {
    const pv = validateXsd(p.body)
    t.ok(pv.ok, `ListRecords mods page ${i + 1} validates: ${pv.output}`)
  }
})
