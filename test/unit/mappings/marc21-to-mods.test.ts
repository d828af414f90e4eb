// MARC 21 → MODS 3.6 against MARC21slim2MODS3-6.xsl's output on the 31 Vietnamese sample records
// (shared/data/marc/vietnamese/oracle/vn-utf8-nfc.mods36.xml). Each record is flattened to a set of
// leaves "path[attributes] = value" (whitespace-normalised; attributes that carry meaning only); every
// difference is listed with its reason, and an unlisted or stale one fails. recordOrigin names the
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
import { descendants, parseXmlTree, type XmlElement } from '../../helpers/xml-tree.js'
import { xmllintAvailable, xmllintValidate } from '../../helpers/xmllint.js'

const ROOT = resolve(import.meta.dirname, '../../..')
const VN = resolve(ROOT, '../shared/data/marc/vietnamese')
const SCHEMA = resolve(ROOT, 'test/fixtures/schemas/mods/mods-3-6.xsd')
const CATALOG = resolve(ROOT, 'test/fixtures/schemas/mods/catalog.xml')
const records = readMarcXmlRecords(readFileSync(`${VN}/vn-utf8-nfc.xml`, 'utf8'))
const idOf = (r: MarcRecord): string => (r.fields.find(f => f.tag === '001') as { value: string }).value

const REASONS = {
  keyword653: '653: one <subject><topic> per $a keyword; the stylesheet writes the whole field as one topic with the keywords glued together',
  directOrder700: '700/710 with first indicator 0 (Vietnamese names in direct order, "700 0_ $a Tạ Huy Long") are kept; the stylesheet maps 700 only for ind1 1 or 3 and drops them',
  natureOfContents: '008/24-27 "bm": every nature-of-contents code gives a genre (bibliography and theses); the stylesheet stops at the first match',
  primaryCorporate: '110 main entry gets usage="primary" like 100 (MODS 3.6 name/@usage); the stylesheet sets it for 100 only',
  malformed008: 'the 008 is 41 or 39 characters long: its language is read relative to the end, giving vie; the stylesheet takes characters 36-38 blindly ("vi", "ie")',
} as const
type Reason = keyof typeof REASONS
type Diff = readonly [string, '+' | '-', string, Reason]

const DIFFERENCES: readonly Diff[] = [
  ['01', '+', '/subject/topic = Truyện Kiều', 'keyword653'],
  ['01', '+', '/subject/topic = Thơ lục bát', 'keyword653'],
  ['01', '+', '/subject/topic = Văn học trung đại', 'keyword653'],
  ['01', '-', '/subject/topic = Truyện KiềuThơ lục bátVăn học trung đại', 'keyword653'],
  ['04', '+', '/name[type=personal]/namePart = Tạ Huy Long', 'directOrder700'],
  ['04', '+', '/name[type=personal]/role/roleTerm[type=text] = minh họa.', 'directOrder700'],
  ['06', '+', '/name[type=personal]/namePart = Đoàn Thị Điểm', 'directOrder700'],
  ['06', '+', '/name[type=personal]/namePart[type=date] = 1705-1748', 'directOrder700'],
  ['06', '+', '/name[type=personal]/role/roleTerm[type=text] = dịch.', 'directOrder700'],
  ['07', '+', '/name[type=personal]/namePart = Lê Văn Đức', 'directOrder700'],
  ['07', '+', '/subject/topic = Khoa học thông tin', 'keyword653'],
  ['07', '+', '/subject/topic = Thư viện', 'keyword653'],
  ['07', '-', '/subject/topic = Khoa học thông tinThư viện', 'keyword653'],
  ['08', '+', '/name[type=personal]/namePart = Nguyễn Hữu Hùng', 'directOrder700'],
  ['08', '+', '/name[type=personal]/role/roleTerm[type=text] = người hướng dẫn.', 'directOrder700'],
  ['08', '+', '/genre[authority=marcgt] = theses', 'natureOfContents'],
  ['08', '+', '/subject/topic = OAI-PMH', 'keyword653'],
  ['08', '+', '/subject/topic = MARC21', 'keyword653'],
  ['08', '+', '/subject/topic = Dublin Core', 'keyword653'],
  ['08', '+', '/subject/topic = Liên thông thư viện', 'keyword653'],
  ['08', '-', '/subject/topic = OAI-PMHMARC21Dublin CoreLiên thông thư viện', 'keyword653'],
  ['10', '+', '/name[type=corporate,usage=primary]/namePart = Nhà xuất bản Tài nguyên - Môi trường và Bản đồ Việt Nam', 'primaryCorporate'],
  ['10', '-', '/name[type=corporate]/namePart = Nhà xuất bản Tài nguyên - Môi trường và Bản đồ Việt Nam', 'primaryCorporate'],
  ['10', '+', '/language/languageTerm[type=code,authority=iso639-2b] = vie', 'malformed008'],
  ['10', '-', '/language/languageTerm[type=code,authority=iso639-2b] = vi', 'malformed008'],
  ['11', '+', '/language/languageTerm[type=code,authority=iso639-2b] = vie', 'malformed008'],
  ['11', '-', '/language/languageTerm[type=code,authority=iso639-2b] = vi', 'malformed008'],
  ['14', '+', '/name[type=personal]/namePart = Hồ Ngọc Ánh', 'directOrder700'],
  ['14', '+', '/name[type=personal]/role/roleTerm[type=text] = dịch.', 'directOrder700'],
  ['16', '+', '/language/languageTerm[type=code,authority=iso639-2b] = vie', 'malformed008'],
  ['16', '-', '/language/languageTerm[type=code,authority=iso639-2b] = ie', 'malformed008'],
]

/** Attributes that change what a value means; the rest (script, altRepGroup, nameTitleGroup…) are grouping aids. */
const KEEP = ['type', 'authority', 'encoding', 'point', 'qualifier', 'objectPart', 'manuscript', 'collection', 'edition', 'eventType', 'displayLabel', 'usage', 'unit', 'invalid']
const norm = (s: string): string => s.replace(/[ \t\r\n]+/g, ' ').trim()

function leaves (e: XmlElement, path: string, out: Set<string>): void {
  if (e.local === 'recordOrigin') return
  const attrs = KEEP.filter(k => e.attrs[k] !== undefined).map(k => `${k}=${e.attrs[k]}`).join(',')
  const p = `${path}/${e.local}${attrs === '' ? '' : `[${attrs}]`}`
  if (e.children.length === 0) { const v = norm(e.text); if (v !== '') out.add(`${p} = ${v}`) }
  for (const c of e.children) leaves(c, p, out)
}
function leafSet (mods: XmlElement): Set<string> {
  const out = new Set<string>()
  for (const c of mods.children) leaves(c, '', out)
  return out
}

const ours = records.map(r => marcToModsXml(r))

t.test('MODS equals MARC21slim2MODS3-6.xsl output up to the listed differences', async t => {
  const oracle = descendants(parseXmlTree(readFileSync(`${VN}/oracle/vn-utf8-nfc.mods36.xml`, 'utf8')), MODS_NS, 'mods')
  t.equal(oracle.length, 31)
  const found: string[] = []
  records.forEach((r, i) => {
    const id = idOf(r).slice(-2)
    const a = leafSet(parseXmlTree(ours[i]))
    const b = leafSet(oracle[i])
    for (const x of a) if (!b.has(x)) found.push(`${id} + ${x}`)
    for (const x of b) if (!a.has(x)) found.push(`${id} - ${x}`)
  })
  t.strictSame(found.sort(), DIFFERENCES.map(([id, side, leaf]) => `${id} ${side} ${leaf}`).sort())
  for (const d of DIFFERENCES) t.ok(REASONS[d[3]].length > 20)
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
