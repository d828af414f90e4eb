// Every argument rule of OAI-PMH 2.0 §3.1/§4 as a table: request → error codes ([] = legal).
import t from 'tap'
import { parseArguments } from '../../../protocols/oai-pmh/arguments.js'
import { pairs } from './run.js'

const TOKEN = 'eyJ4IjoxfQ.abc-_'
const CASES: Array<[string, string[]]> = [
  // verb
  ['', ['badVerb']],
  ['junk', ['badVerb']],
  ['verb=junk', ['badVerb']],
  ['verb=identify', ['badVerb']],
  ['verb=Identify&verb=Identify', ['badVerb']],
  ['verb=', ['badVerb']],
  // Identify
  ['verb=Identify', []],
  ['verb=Identify&foo=bar', ['badArgument']],
  ['verb=Identify&identifier=oai:x:1', ['badArgument']],
  // ListMetadataFormats
  ['verb=ListMetadataFormats', []],
  ['verb=ListMetadataFormats&identifier=oai:lib.example.vn:VN-HN:b1', []],
  ['verb=ListMetadataFormats&metadataPrefix=oai_dc', ['badArgument']],
  ['verb=ListMetadataFormats&identifier=', ['badArgument']],
  ['verb=ListMetadataFormats&identifier=oai:a.b:1&identifier=oai:a.b:2', ['badArgument']],
  // ListSets
  ['verb=ListSets', []],
  [`verb=ListSets&resumptionToken=${TOKEN}`, []],
  [`verb=ListSets&resumptionToken=${TOKEN}&set=lib`, ['badArgument']],
  ['verb=ListSets&set=library', ['badArgument']],
  // GetRecord
  ['verb=GetRecord&identifier=oai:x.y:VN-HN:1&metadataPrefix=oai_dc', []],
  ['verb=GetRecord&metadataPrefix=oai_dc', ['badArgument']],
  ['verb=GetRecord&identifier=oai:x.y:VN-HN:1', ['badArgument']],
  ['verb=GetRecord', ['badArgument', 'badArgument']],
  ['verb=GetRecord&identifier=invalid"id&metadataPrefix=oai_dc', ['badArgument']],
  ['verb=GetRecord&identifier=oai:x.y:VN-HN:1&metadataPrefix=oai_dc&from=2020-01-01', ['badArgument']],
  ['verb=GetRecord&identifier=oai:x.y:VN-HN:1&metadataPrefix=oai_dc&metadataPrefix=marc21', ['badArgument']],
  ['verb=GetRecord&identifier=oai:x.y:VN-HN:1&metadataPrefix=', ['badArgument']],
  ['verb=GetRecord&identifier=oai:x.y:VN-HN:1&metadataPrefix=%3C!DOCTYPE', ['badArgument']],
  ['verb=GetRecord&identifier=%3C!ENTITY%20x&metadataPrefix=oai_dc', ['badArgument']],
  ['verb=GetRecord&identifier=oai:x.y:a%0Ab&metadataPrefix=oai_dc', ['badArgument']],
  ['verb=GetRecord&identifier=oai:x.y:VN-HN:1&metadataPrefix=oai_dc&resumptionToken=x', ['badArgument']],
  // ListIdentifiers / ListRecords (same grammar)
  ...(['ListIdentifiers', 'ListRecords'] as const).flatMap((v): Array<[string, string[]]> => [
    [`verb=${v}&metadataPrefix=oai_dc`, []],
    [`verb=${v}`, ['badArgument']],
    [`verb=${v}&metadataPrefix=oai_dc&from=2021-01-01&until=2021-01-02`, []],
    [`verb=${v}&metadataPrefix=oai_dc&from=2021-01-01T00:00:00Z&until=2021-01-01T00:00:00Z`, []],
    [`verb=${v}&metadataPrefix=oai_dc&from=junk`, ['badArgument']],
    [`verb=${v}&metadataPrefix=oai_dc&until=junk`, ['badArgument']],
    [`verb=${v}&metadataPrefix=oai_dc&from=2002-02-05&until=2002-02-06T05:35:00Z`, ['badArgument']],
    [`verb=${v}&metadataPrefix=oai_dc&from=2021-01-02&until=2021-01-01`, ['badArgument']],
    [`verb=${v}&metadataPrefix=oai_dc&from=2021-01-02T00:00:01Z&until=2021-01-02T00:00:00Z`, ['badArgument']],
    [`verb=${v}&metadataPrefix=oai_dc&from=2021-01-02T00:00:00%2B07:00`, ['badArgument']],
    [`verb=${v}&metadataPrefix=oai_dc&from=2021-01-02T00:00:00.5Z`, ['badArgument']],
    [`verb=${v}&metadataPrefix=oai_dc&from=2026-11-24Z`, ['badArgument']],
    [`verb=${v}&metadataPrefix=oai_dc&from=2021-02-30`, ['badArgument']],
    [`verb=${v}&metadataPrefix=oai_dc&from=2010-1-2`, ['badArgument']],
    [`verb=${v}&metadataPrefix=oai_dc&set=library:VN-HN`, []],
    [`verb=${v}&metadataPrefix=oai_dc&set=a::b`, ['badArgument']],
    [`verb=${v}&metadataPrefix=oai_dc&set=th%C6%B0`, ['badArgument']],
    [`verb=${v}&metadataPrefix=oai_dc&set=`, ['badArgument']],
    [`verb=${v}&resumptionToken=${TOKEN}`, []],
    [`verb=${v}&resumptionToken=${TOKEN}&until=2000-02-05`, ['badArgument']],
    [`verb=${v}&resumptionToken=${TOKEN}&metadataPrefix=oai_dc`, ['badArgument']],
    [`verb=${v}&resumptionToken=a%3Cb`, ['badArgument']],
    [`verb=${v}&resumptionToken=${TOKEN}&resumptionToken=${TOKEN}`, ['badArgument']],
    [`verb=${v}&metadataPrefix=oai_dc&identifier=oai:x:1`, ['badArgument']],
    [`verb=${v}&metadataPrefix=oai_dc&from=2020-01-01&from=2020-01-02`, ['badArgument']],
  ]),
]

for (const [query, expected] of CASES) {
  t.test(query === '' ? '(no arguments)' : query, async t => {
    const r = parseArguments(pairs(query))
    if (expected.length === 0) {
      t.ok(r.ok, 'legal')
    } else {
      t.notOk(r.ok, 'refused')
      if (!r.ok) t.same(r.errors.map(e => e.code), expected)
    }
  })
}

t.test('a legal request is echoed in schema order; values typed', async t => {
  const r = parseArguments(pairs('set=library&until=2021-01-02&from=2021-01-01&metadataPrefix=oai_dc&verb=ListRecords'))
  if (!r.ok) throw new Error('expected ok')
  t.same(r.echo, [['verb', 'ListRecords'], ['metadataPrefix', 'oai_dc'], ['from', '2021-01-01'], ['until', '2021-01-02'], ['set', 'library']])
  t.match(r.request, { verb: 'ListRecords', metadataPrefix: 'oai_dc', set: 'library', from: { granularity: 'day' }, until: { granularity: 'day' } })
})

t.test('several grammar errors are all reported', async t => {
  const r = parseArguments(pairs('verb=ListRecords&foo=1&bar=2&from=junk'))
  t.notOk(r.ok)
  if (!r.ok) t.equal(r.errors.length, 4) // foo, bar, from syntax, missing metadataPrefix
})

t.test('too many arguments is badArgument', async t => {
  const many = Array.from({ length: 40 }, (_, i) => `a${i}=1`).join('&')
  const r = parseArguments(pairs(`verb=Identify&${many}`))
  t.notOk(r.ok)
  if (!r.ok) t.same(r.errors.map(e => e.code), ['badArgument'])
})
