// The DC writers (oai_dc, srw_dc) and the MODS/DC→MARC outputs on a few sample records, as golden
// files (test/golden/mappings/; rewrite with UPDATE_GOLDEN=1, never created silently: a missing file
// fails). oai_dc is validated against oai_dc.xsd when the OAI-PMH schemas and xmllint are present.
import t, { type Test } from 'tap'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { dcToOaiDcXml, dcToSrwDcXml, DC_NS, OAI_DC_NS, SRW_DC_NS } from '../../../mappings/dc-to-xml.js'
import { escapeAttr, escapeText, xmlSafe } from '../../../src/text/xml.js'
import fc from 'fast-check'
import { marcToDc } from '../../../mappings/marc21-to-dc.js'
import { marcToModsXml, dcToModsXml } from '../../../mappings/marc21-to-mods.js'
import { dcToMarc } from '../../../mappings/dc-to-marc21.js'
import type { DcRecord } from '../../../src/model/dc.js'
import type { MarcRecord } from '../../../src/model/marc.js'
import { readMarcXmlRecords } from '../../helpers/marcxml-records.js'
import { readOaiDcRecords } from '../../helpers/oai-dc-records.js'
import { parseXmlTree } from '../../helpers/xml-tree.js'
import { xmllintAvailable, xmllintValidate } from '../../helpers/xmllint.js'

const ROOT = resolve(import.meta.dirname, '../../..')
const GOLDEN = resolve(ROOT, 'test/golden/mappings')
const marc = await readMarcXmlRecords(readFileSync(resolve(ROOT, '../shared/data/marc/vietnamese/vn-utf8-nfc.xml'), 'utf8'))
const dc = readOaiDcRecords(readFileSync(resolve(ROOT, '../shared/data/dc/vn-oai_dc-listrecords.xml'), 'utf8'))
const byId = (id: string): MarcRecord => {
  const r = marc.find(x => x.fields.some(f => f.tag === '001' && 'value' in f && f.value === id))
  if (r === undefined) throw new Error(id)
  return r
}

function golden (t: Test, name: string, actual: string): void {
  const file = resolve(GOLDEN, name)
  if (process.env.UPDATE_GOLDEN === '1' && process.env.CI !== 'true') writeFileSync(file, actual)
  if (!existsSync(file)) { t.fail(`golden file ${name} is missing (run with UPDATE_GOLDEN=1 to create it)`); return }
  t.equal(actual, readFileSync(file, 'utf8'), name)
}

/** One XML element per line, so golden diffs are readable; the writers themselves emit no whitespace. */
const lines = (xml: string): string => xml.replace(/></g, '>\n<') + '\n'
const marcLines = (r: MarcRecord): string => [`LDR ${r.leader}`, ...r.fields.map(f => 'value' in f
  ? `${f.tag} ${f.value}`
  : `${f.tag} ${f.ind1}${f.ind2} ${f.subfields.map(s => `$${s.code} ${s.value}`).join(' ')}`)].join('\n') + '\n'

const SAMPLES = ['VN-SYN-000001', 'VN-SYN-000012', 'VN-SYN-000014', 'VN-SYN-000016']

t.test('golden oai_dc, srw_dc and MODS for sample MARC records', async t => {
  for (const id of SAMPLES) {
    const d = marcToDc(byId(id))
    golden(t, `${id}.oai_dc.xml`, lines(dcToOaiDcXml(d)))
    golden(t, `${id}.srw_dc.xml`, lines(dcToSrwDcXml(d)))
    golden(t, `${id}.mods.xml`, lines(marcToModsXml(byId(id))))
  }
})

t.test('golden MARC and MODS for the DSpace DC records', async t => {
  dc.forEach((d, i) => {
    golden(t, `dc-${101 + i}.marc.txt`, marcLines(dcToMarc(d)))
    golden(t, `dc-${101 + i}.mods.xml`, lines(dcToModsXml(d)))
  })
})

t.test('oai_dc: root, namespaces, only DCMES children, xml:lang the only attribute', async t => {
  for (const r of marc) {
    const root = parseXmlTree(dcToOaiDcXml(marcToDc(r)))
    t.equal(root.uri, OAI_DC_NS)
    t.equal(root.local, 'dc')
    t.equal(root.attrs['xsi:schemaLocation'], 'http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd')
    for (const c of root.children) {
      t.equal(c.uri, DC_NS)
      t.ok(Object.keys(c.attrs).every(k => k === 'xml:lang'), `${c.local} attributes`)
    }
  }
})

t.test('srw_dc: the namespace and schemaLocation MARC21slim2SRWDC.xsl writes', async t => {
  const root = parseXmlTree(dcToSrwDcXml(marcToDc(marc[0])))
  t.equal(root.uri, SRW_DC_NS)
  t.equal(root.local, 'dc')
  t.equal(root.attrs['xsi:schemaLocation'], 'info:srw/schema/1/dc-schema http://www.loc.gov/standards/sru/resources/dc-schema.xsd')
  t.ok(root.children.every(c => c.uri === DC_NS))
})

t.test('the writers escape markup, drop characters XML 1.0 forbids and write NFC', async t => {
  const d: DcRecord = { elements: [
    { name: 'title', value: 'A & B <c> "d"\u0001\u001f' },
    { name: 'creator', value: 'Nguye\u0302\u0303n' }, // NFD
    { name: 'title', value: '傳翹', lang: 'vi-Hani' },
  ] }
  t.equal(dcToOaiDcXml(d).slice(dcToOaiDcXml(d).indexOf('>') + 1), '<dc:title>A &amp; B &lt;c&gt; "d"</dc:title><dc:creator>Nguyễn</dc:creator><dc:title xml:lang="vi-Hani">傳翹</dc:title></oai_dc:dc>')
  t.match(dcToSrwDcXml(d), '<creator>Nguyễn</creator>')
  t.equal(dcToOaiDcXml({ elements: [] }).endsWith('"></oai_dc:dc>'), true, 'an empty record is an empty, valid oai_dc:dc')
})

// xmlSafe/escapeText/escapeAttr return the input untouched when a one-class test finds nothing to
// change; these compare them with the plain replace passes they short-circuit.
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const slowSafe = (s: string): string => s.replace(ILLEGAL, '')
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' }
const slowText = (s: string): string => slowSafe(s).replace(/[&<>]/g, c => ENTITY[c])
const slowAttr = (s: string): string => slowSafe(s).replace(/[&<>"\r\n\t]/g, c => ENTITY[c])
t.test('xmlSafe, escapeText and escapeAttr (fast paths) equal the plain escaping on any string', async t => {
  const units = fc.constantFrom('a', 'ệ', '&', '<', '>', '"', '\u0001', '\t', '\n', '\r', '\uD800', '\uDC00', '\uFFFE', '𡨸')
  for (const arb of [fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: units, maxLength: 12 })]) {
    fc.assert(fc.property(arb, s => xmlSafe(s) === slowSafe(s) && escapeText(s) === slowText(s) && escapeAttr(s) === slowAttr(s)), { numRuns: 2000 })
  }
  t.equal(escapeText('a\u0001&\t"'), 'a&amp;\t"')
  t.equal(escapeAttr('a\u0001&\t"'), 'a&amp;&#9;&quot;')
  t.equal(xmlSafe('a\uD800b\uD83D\uDE00'), 'ab\uD83D\uDE00')
})

const OAI_DC_XSD = resolve(ROOT, 'conformance/schemas/oai_dc.xsd')
const CATALOG = resolve(ROOT, 'conformance/schemas/catalog.xml')
const noSchema = !xmllintAvailable()
  ? 'xmllint is not installed (Debian libxml2-utils): oai_dc XSD validation skipped'
  : !existsSync(OAI_DC_XSD) || !existsSync(resolve(ROOT, 'conformance/schemas/simpledc20021212.xsd'))
      ? 'conformance/schemas/oai_dc.xsd or simpledc20021212.xsd is missing: oai_dc XSD validation skipped'
      : false
t.test('oai_dc output validates against oai_dc.xsd', { skip: noSchema }, async t => {
  const docs = [...marc.map(r => dcToOaiDcXml(marcToDc(r))), ...dc.map(dcToOaiDcXml)]
  t.strictSame(xmllintValidate(docs, OAI_DC_XSD, CATALOG), [])
})
