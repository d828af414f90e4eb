// MARCXML writer fast path: the same bytes as the exact escaping path on any input.
import t from 'tap'
import fc from 'fast-check'
import { isPlainNfc, marcToMarcXml, type MarcXmlOptions } from '../../../mappings/marc21-to-marcxml.js'
import { isControlField, type MarcRecord } from '../../../src/model/marc.js'
import { escapeAttr, escapeText } from '../../../src/text/xml.js'

/** The writer as it was before the fast path: every value NFC-normalised and regex-escaped. */
function reference (record: MarcRecord, opts: MarcXmlOptions = {}): string {
  const text = (s: string): string => escapeText(s.normalize('NFC')).replace(/"/g, '&quot;')
  const attr = (s: string): string => escapeAttr(s.normalize('NFC'))
  const p = opts.prefix !== undefined && opts.prefix !== '' ? `${opts.prefix}:` : ''
  let decl = ''
  if (opts.xmlns !== false) decl += ` xmlns${p === '' ? '' : `:${opts.prefix}`}="http://www.loc.gov/MARC21/slim"`
  if (opts.schemaLocation === true) decl += ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.loc.gov/MARC21/slim http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd"'
  let out = `<${p}record${decl}>\n  <${p}leader>${text(record.leader)}</${p}leader>\n`
  for (const f of record.fields) {
    if (isControlField(f)) { out += `  <${p}controlfield tag="${attr(f.tag)}">${text(f.value)}</${p}controlfield>\n`; continue }
    out += `  <${p}datafield tag="${attr(f.tag)}" ind1="${attr(f.ind1)}" ind2="${attr(f.ind2)}">\n`
    for (const s of f.subfields) out += `    <${p}subfield code="${attr(s.code)}">${text(s.value)}</${p}subfield>\n`
    out += `  </${p}datafield>\n`
  }
  return out + `</${p}record>`
}

const UNITS = ['a', 'Z', ' ', 'ệ', 'Ư', 'đ', '漢', '–', '…', '&', '<', '>', '"', "'", '\u0001', '\u001f', '\t', '\n', '\r', '\u007f',
  'e\u0302', '\u0301', '\u0300', '\uD800', '\uDC00', '\uFFFE', '𡨸', '\u2000', '\u212B', '\uF900', '\u1100', '\u1161', '\u0340']
const str = fc.string({ unit: fc.oneof(fc.constantFrom(...UNITS), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 10 })
const field = fc.oneof(
  fc.record({ tag: fc.constantFrom('001', '005', '00"'), value: str }),
  fc.record({ tag: fc.constantFrom('245', '650', '<&>'), ind1: str, ind2: str, subfields: fc.array(fc.record({ code: str, value: str }), { maxLength: 4 }) }),
)
const record = fc.record({ leader: str, fields: fc.array(field, { maxLength: 5 }) }) as fc.Arbitrary<MarcRecord>

t.test('marcToMarcXml equals the exact-escaping writer on any record and options', async t => {
  const opts = fc.constantFrom<MarcXmlOptions>({}, { xmlns: false }, { prefix: 'marc' }, { prefix: 'marc', schemaLocation: true })
  fc.assert(fc.property(record, opts, (r, o) => marcToMarcXml(r, o) === reference(r, o)), { numRuns: 3000 })
  t.pass()
})

t.test('isPlainNfc accepts only strings that are NFC and need no escaping', async t => {
  // every code unit of the plain ranges is NFC after any other plain one (no composition with a predecessor)
  const plain: string[] = []
  for (let c = 0; c < 0x10000; c++) if (isPlainNfc(String.fromCharCode(c))) plain.push(String.fromCharCode(c))
  t.ok(plain.includes('ệ') && plain.includes('Ư') && plain.includes('漢') && !plain.includes('"') && !plain.includes('\u0300'))
  const before = ['a', 'e', 'E', 'o', 'u', 'A', 'ê', 'ơ', 'ư', 'ệ', ' ', '漢', 'Ω', 'ß']
  let bad = 0
  for (const c of plain) {
    if (c.normalize('NFC') !== c || escapeAttr(c) !== c || escapeText(c) !== c) bad++
    for (const b of before) if ((b + c).normalize('NFC') !== b + c) bad++
  }
  t.equal(bad, 0)
  fc.assert(fc.property(str, s => !isPlainNfc(s) || (s.normalize('NFC') === s && escapeText(s) === s && escapeAttr(s) === s)), { numRuns: 3000 })
})
