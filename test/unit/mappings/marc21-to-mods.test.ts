// MARC 21 → MODS 3.6 against MARC21slim2MODS3-6.xsl's output on the 31 Vietnamese sample records
// (shared/data/marc/vietnamese/oracle/vn-utf8-nfc.mods36.xml). Each record is flattened to a set of
// leaves "path[attributes] = value" (whitespace-normalised; attributes that carry meaning only); every
// difference is listed in test/helpers/loc-crosswalk-differences.ts with its reason, and an unlisted or stale one fails. recordOrigin names the
// converter and is left out. The output must validate against the MODS 3.6 XSD (when xmllint exists).
import t from 'tap'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import fc from 'fast-check'
import { marcToModsXml, dcToModsXml, chopPunctuation, MODS_NS } from '../../../mappings/marc21-to-mods.js'
import { DC_ELEMENTS } from '../../../src/model/dc.js'
import type { MarcRecord } from '../../../src/model/marc.js'
import { readMarcXmlRecords } from '../../helpers/marcxml-records.js'
import { readOaiDcRecords } from '../../helpers/oai-dc-records.js'
import { descendants, parseXmlTree } from '../../helpers/xml-tree.js'
import { MODS_DIFFERENCES, MODS_REASONS, leafSet, listedMods, modsDifferences } from '../../helpers/loc-crosswalk-differences.js'
import { xmllintAvailable, xmllintValidate } from '../../helpers/xmllint.js'

const ROOT = resolve(import.meta.dirname, '../../..')
const VN = resolve(ROOT, '../shared/data/marc/vietnamese')
const SCHEMA = resolve(ROOT, 'conformance/schemas/mods-3-6.xsd')
const CATALOG = resolve(ROOT, 'conformance/schemas/catalog.xml')
const records = await readMarcXmlRecords(readFileSync(`${VN}/vn-utf8-nfc.xml`, 'utf8'))

const ours = records.map(r => marcToModsXml(r))

t.test('MODS equals MARC21slim2MODS3-6.xsl output up to the listed differences', async t => {
  const oracle = descendants(parseXmlTree(readFileSync(`${VN}/oracle/vn-utf8-nfc.mods36.xml`, 'utf8')), MODS_NS, 'mods')
  t.equal(oracle.length, 31)
  t.strictSame(modsDifferences(records, ours.map(x => parseXmlTree(x)), oracle), listedMods(MODS_DIFFERENCES))
  for (const d of MODS_DIFFERENCES) t.ok(MODS_REASONS[d[3]].length > 20)
})

t.test('each record is one <mods version="3.6"> in the MODS namespace', async t => {
  for (const x of ours) {
    const root = parseXmlTree(x)
    t.equal(root.uri, MODS_NS)
    t.equal(root.local, 'mods')
    t.equal(root.attrs.version, '3.6')
  }
  t.match(ours[0], '<titleInfo altRepGroup="01" script="CJK"><title>傳翹</title></titleInfo>', 'Hán/Nôm 880 as an alternate titleInfo')
})

const dcRecords = readOaiDcRecords(readFileSync(resolve(ROOT, '../shared/data/dc/vn-oai_dc-listrecords.xml'), 'utf8'))

t.test('DC → MODS', async t => {
  const x = parseXmlTree(dcToModsXml(dcRecords[0]))
  const s = leafSet(x)
  t.ok(s.has('/titleInfo/title = Nghiên cứu ứng dụng chuẩn Dublin Core trong mô tả tài liệu số tại thư viện đại học'))
  t.ok(s.has('/name/namePart = Nguyễn Thị Thu Hà'))
  t.ok(s.has('/name/role/roleTerm[type=text] = creator'))
  t.ok(s.has('/genre = Thesis'), 'a dc:type outside the MODS list is a genre')
  t.ok(s.has('/language/languageTerm[type=code,authority=rfc5646] = vi'))
  t.ok(s.has('/physicalDescription/internetMediaType = application/pdf'))
  t.ok(s.has('/location/url = http://repository.example.vn/handle/123456789/101'))
  t.ok(s.has('/accessCondition[type=use and reproduction] = Chỉ dùng cho mục đích học tập và nghiên cứu'))
  const s4 = leafSet(parseXmlTree(dcToModsXml(dcRecords[3])))
  t.ok(s4.has('/typeOfResource = text'))
  t.ok(s4.has('/language/languageTerm[type=text] = Tiếng Việt'))
  t.ok(leafSet(parseXmlTree(dcToModsXml(dcRecords[2]))).has('/subject/geographic = Huế (Việt Nam)'))
})

const noXmllint = xmllintAvailable() ? false : 'xmllint is not installed (Debian libxml2-utils): MODS XSD validation skipped'
t.test('MODS output validates against the MODS 3.6 XSD', { skip: noXmllint }, async t => {
  t.strictSame(xmllintValidate([...ours, ...dcRecords.map(dcToModsXml)], SCHEMA, CATALOG), [])
})

t.test('chopPunctuation is the LoC template', async t => {
  t.equal(chopPunctuation('Truyện Kiều /'), 'Truyện Kiều')
  t.equal(chopPunctuation('H.'), 'H')
  t.equal(chopPunctuation('1992-'), '1992-')
  t.equal(chopPunctuation('Ngô, Tất Tố,', ':,;/ '), 'Ngô, Tất Tố')
  t.equal(chopPunctuation(' ./'), '')
})

t.test('any record and any DC record give well-formed MODS', async t => {
  const arb = fc.record({
    leader: fc.string({ minLength: 0, maxLength: 24 }),
    fields: fc.array(fc.oneof(
      fc.record({ tag: fc.constantFrom('001', '003', '005', '007', '008'), value: fc.string({ maxLength: 45 }) }),
      fc.record({
        tag: fc.constantFrom('020', '022', '024', '041', '082', '100', '110', '245', '246', '260', '264', '300', '490', '500', '505', '520', '600', '650', '651', '653', '700', '773', '852', '856', '880'),
        ind1: fc.constantFrom(' ', '0', '1', '3'),
        ind2: fc.constantFrom(' ', '0', '1', '4', '7'),
        subfields: fc.array(fc.record({ code: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'h', 'n', 'q', 't', 'u', 'x', '4', '6'), value: fc.string({ maxLength: 10 }) }), { maxLength: 5 }),
      }),
    ), { maxLength: 12 }),
  })
  fc.assert(fc.property(arb, r => { parseXmlTree(marcToModsXml(r as MarcRecord)); return true }), { numRuns: 300 })
  const arbDc = fc.array(fc.record({ name: fc.constantFrom(...DC_ELEMENTS), value: fc.string({ maxLength: 20 }) }), { maxLength: 12 })
  fc.assert(fc.property(arbDc, elements => { parseXmlTree(dcToModsXml({ elements })); return true }), { numRuns: 300 })
  t.pass('600 random records')
})
