// The real crosswalks' "ready" metadata writers give what asMetadata would make of the plain ones,
// so lists may skip that pass: on the Vietnamese corpus and on arbitrary records.
import t from 'tap'
import fc from 'fast-check'
import type { MarcRecord } from '../../../src/model/marc.js'
import { readIso2709 } from '../../../src/ingest/marc/index.js'
import { CROSSWALKS } from '../../../protocols/oai-pmh/plugin.js'
import { asMetadata, MARC_NS, MARC_SCHEMA, metadataFormats, OAI_DC_NS, OAI_DC_SCHEMA } from '../../../protocols/oai-pmh/formats.js'
import { readAll, records, VN } from '../marc/helpers.js'

const corpus = records(await readAll(readIso2709, `${VN}/vn-utf8-nfc.mrc`))
const cw = CROSSWALKS
const marcReady = cw.marcXmlMetadata!
const dcReady = cw.oaiDcMetadata!

t.test('marcXmlMetadata and oaiDcMetadata equal asMetadata of the plain writers (corpus)', async t => {
  t.equal(corpus.length, 31)
  for (const r of corpus) {
    t.equal(marcReady(r), asMetadata(cw.marcToMarcXml(r), MARC_NS, MARC_SCHEMA))
    const dc = cw.marcToDc(r)
    t.equal(dcReady(dc), asMetadata(cw.dcToOaiDcXml(dc), OAI_DC_NS, OAI_DC_SCHEMA))
  }
})

const UNITS = ['a', ' ', 'ệ', '漢', '&', '<', '"', '\u0001', '\u001f', '\t', '\n', 'e\u0302', '\uD800', '\uDC00', '\uFFFE', '𡨸']
const str = fc.string({ unit: fc.oneof(fc.constantFrom(...UNITS), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 8 })
const record = fc.record({
  leader: fc.constant('00000nam a2200000 a 4500'),
  fields: fc.array(fc.oneof(
    fc.record({ tag: fc.constant('001'), value: str }),
    fc.record({ tag: fc.constantFrom('245', '100', '650', '856', '020'), ind1: str, ind2: str, subfields: fc.array(fc.record({ code: fc.constantFrom('a', 'b', 'c', 'u', '"'), value: str }), { maxLength: 3 }) }),
  ), { maxLength: 6 }),
}) as fc.Arbitrary<MarcRecord>

t.test('the ready writers equal asMetadata of the plain ones on arbitrary records', async t => {
  fc.assert(fc.property(record, r => marcReady(r) === asMetadata(cw.marcToMarcXml(r), MARC_NS, MARC_SCHEMA) &&
    dcReady(cw.marcToDc(r)) === asMetadata(cw.dcToOaiDcXml(cw.marcToDc(r)), OAI_DC_NS, OAI_DC_SCHEMA)), { numRuns: 1000 })
  t.pass()
})

t.test('formats render through the ready writers', async t => {
  const f = metadataFormats(cw)
  const stored = { id: { isil: 'VN-HN', localId: 'x' }, stamp: 1, datestamp: new Date(0), deleted: false, format: 'marc21' as const, marc: corpus[0], dc: null, sets: [], hash: '', provenance: null }
  t.equal(f.find(x => x.prefix === 'marc21')!.render(stored as never), marcReady(corpus[0]))
  t.equal(f.find(x => x.prefix === 'oai_dc')!.render(stored as never), dcReady(cw.marcToDc(corpus[0])))
})
