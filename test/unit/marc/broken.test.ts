// Issue 2 acceptance: every broken file under vietnamese/broken/ and every third_party file is read
// with no throw and no hang; good records are kept; each bad one has a position and a reason.
import t from 'tap'
import { readIso2709, readMarcXml, readMij } from '../../../src/ingest/marc/index.js'
import { canonical, MARC, VN, id, readAll, records, type Reader } from './helpers.js'

// [file, reader, good, rejected, repair that must be reported (on at least one record)]
const CASES: Array<[string, Reader, number, number, RegExp?]> = [
  ['vietnamese/broken/vn-charcount-lengths.mrc', readIso2709, 16, 0, /directory lengths counted in characters; fields re-read by terminators/],
  ['vietnamese/broken/vn-utf8-leader-says-marc8.mrc', readIso2709, 16, 0, /leader\/09 said MARC-8 but bytes are UTF-8/],
  ['vietnamese/broken/vn-tcvn3-leader-says-utf8.mrc', readIso2709, 8, 0, /converted from TCVN3/],
  ['vietnamese/broken/vn-marc8-yaz-lossy.mrc', readIso2709, 31, 0, /converted from MARC-8/],
  ['vietnamese/broken/vn-bom-crlf.mrc', readIso2709, 6, 0],
  ['vietnamese/broken/vn-truncated.mrc', readIso2709, 2, 1],
  ['vietnamese/broken/vn-no-final-terminator.mrc', readIso2709, 31, 0, /record terminator missing at end of file/],
  ['vietnamese/broken/vn-bad-directory-and-leader.mrc', readIso2709, 5, 0, /base address '00013'/],
  ['vietnamese/broken/vn-field-over-9999-bytes.mrc', readIso2709, 1, 0, /over the 9,999 bytes/],
  ['vietnamese/broken/vn-record-over-99999-bytes.mrc', readIso2709, 1, 0, /over the 99,999/],
  ['vietnamese/broken/vn-marcxml-malformed.xml', readMarcXml, 0, 1],
  ['third_party/pymarc/test.dat', readIso2709, 10, 0],
  ['third_party/pymarc/marc8.dat', readIso2709, 1, 0, /converted from MARC-8/],
  ['third_party/pymarc/diacritic.dat', readIso2709, 1, 0],
  ['third_party/pymarc/utf8_with_leader_flag.dat', readIso2709, 1, 0],
  ['third_party/pymarc/utf8_without_leader_flag.dat', readIso2709, 1, 0, /bytes are UTF-8/],
  ['third_party/pymarc/utf8_invalid.mrc', readIso2709, 1, 0, /replaced by U\+FFFD/],
  ['third_party/pymarc/utf8_errors.dat', readIso2709, 1, 0],
  ['third_party/pymarc/bad_records.mrc', readIso2709, 7, 1],
  ['third_party/pymarc/bad_indicator.dat', readIso2709, 1, 0, /indicator/],
  ['third_party/pymarc/bad_subfield_code.dat', readIso2709, 1, 0],
  ['third_party/pymarc/bad_marc8_escape.dat', readIso2709, 1, 0, /undecodable/],
  ['third_party/pymarc/bad_eacc_encoding.dat', readIso2709, 1, 0, /undecodable/],
  ['third_party/pymarc/alphatag.dat', readIso2709, 1, 0],
  ['third_party/pymarc/1251.dat', readIso2709, 6, 0, /Latin-1/],
  ['third_party/pymarc/testunimarc.dat', readIso2709, 1, 0],
  ['third_party/pymarc/utf8.xml', readMarcXml, 1, 0],
  ['third_party/pymarc/batch.xml', readMarcXml, 2, 0],
  ['third_party/pymarc/bad_tag.xml', readMarcXml, 1, 0, /leader was 17 characters/],
  ['third_party/yaz/marc1.marc', readIso2709, 1, 0],
  ['third_party/yaz/marc1.xml', readMarcXml, 1, 0],
  ['third_party/yaz/marc4.marc', readIso2709, 1, 0, /junk before the leader/],
  ['third_party/yaz/marc7.marc', readIso2709, 1, 0, /converted from MARC-8/],
  ['third_party/yaz/marc7.xml', readMarcXml, 1, 0],
  ['third_party/yaz/marc10.marc', readIso2709, 1, 0],
  ['third_party/yaz/marc11.marc', readIso2709, 1, 0],
  ['third_party/yaz/marc12.marc', readIso2709, 1, 0],
  ['third_party/yaz/marccol1.u8.marc', readIso2709, 19, 0],
  ['third_party/yaz/marccol2.u8.marc', readIso2709, 1, 0],
  ['third_party/yaz/marccol3.u8.marc', readIso2709, 1, 0],
  ['third_party/yaz/marccol5.u8.marc', readIso2709, 11, 0],
  ['third_party/marc4j/brkrtest.mrc', readIso2709, 8, 0],
  ['third_party/marc4j/brkrtest_UTF8.mrc', readIso2709, 8, 0],
  ['third_party/marc4j/bad_oversize_field_bad_directory.mrc', readIso2709, 5, 0, /re-read by terminators/],
  ['third_party/marc4j/unordered-directory-entries.mrc', readIso2709, 1, 0],
  ['third_party/marc4j/bad_leaders_10_11.mrc', readIso2709, 1, 0],
  ['third_party/marc4j/chinese_mangled_multibyte.mrc', readIso2709, 4, 0],
  ['third_party/marc4j/incomplete_esc_seq.mrc', readIso2709, 1, 0],
  ['third_party/marc4j/greekmissingcharsetchange.mrc', readIso2709, 3, 0],
  ['third_party/marc4j/cyrillic_capital_e.mrc', readIso2709, 2, 0],
  ['third_party/marc4j/bad-characters-in-various-fields.mrc', readIso2709, 1, 0, /leader held characters/],
  ['third_party/marc4j/summerland.mrc', readIso2709, 1, 0],
  ['third_party/marc4j/summerland.xml', readMarcXml, 1, 0],
  ['third_party/marc4j/chabon.mrc', readIso2709, 2, 0],
  ['third_party/marc4j/chabon.xml', readMarcXml, 2, 0],
  ['third_party/marc4j/u17_utf8.mrc', readIso2709, 1, 0],
  ['third_party/marc4j/marc-in-json.json', readMij, 1, 0],
]

for (const [file, reader, good, bad, repair] of CASES) {
  t.test(`${file}: ${good} good, ${bad} rejected`, async t => {
    const results = await readAll(reader, `${MARC}/${file}`)
    t.equal(results.filter(r => r.record !== null).length, good, 'good records')
    const rejected = results.filter(r => r.record === null)
    t.equal(rejected.length, bad, 'rejected records')
    t.same(results.map(r => r.position), results.map((_, i) => i + 1), 'positions count every record')
    for (const r of rejected) {
      t.ok(typeof r.error === 'string' && r.error.length > 0 && !r.error.includes('\n'), `#${r.position}: ${r.error}`)
    }
    for (const r of results) if (r.record !== null) { t.equal(r.record.leader.length, 24); t.equal(r.record.leader[9], 'a') }
    if (repair !== undefined) t.ok(results.some(r => r.repairs.some(x => repair.test(x))), `reports ${repair}`)
  })
}

t.test('vn-truncated.mrc: the cut record is rejected with its position and offset', async t => {
  const rs = await readAll(readIso2709, `${VN}/broken/vn-truncated.mrc`)
  t.equal(rs[2].position, 3)
  t.equal(rs[2].offset, 1832)
  t.match(rs[2].error, /^truncated: the file ends after 300 of the 610 bytes/)
})

t.test('vn-bad-directory-and-leader.mrc: all five records recovered exactly', async t => {
  const ref = records(await readAll(readIso2709, `${VN}/vn-utf8-nfc.mrc`))
  const rs = records(await readAll(readIso2709, `${VN}/broken/vn-bad-directory-and-leader.mrc`))
  t.same(rs.map(id), ref.slice(1, 6).map(id))
  rs.forEach((r, i) => t.same(canonical(r), canonical(ref[i + 1]), `${id(r)} recovered`))
})

t.test('vn-charcount-lengths.mrc: 16/16 equal to the intact source', async t => {
  const ref = records(await readAll(readIso2709, `${VN}/vn-utf8-nfc.mrc`))
  const rs = records(await readAll(readIso2709, `${VN}/broken/vn-charcount-lengths.mrc`))
  t.equal(rs.length, 16)
  rs.forEach((r, i) => t.same(canonical(r), canonical(ref[i]), `${id(r)} recovered`))
})

t.test('records over the ISO 2709 limits are read whole', async t => {
  const [big] = records(await readAll(readIso2709, `${VN}/broken/vn-record-over-99999-bytes.mrc`))
  t.equal(big.fields.filter(f => f.tag === '852').length, 1500 + 2, '1500 added 852 fields (plus the record\'s own 2)')
  const [long] = records(await readAll(readIso2709, `${VN}/broken/vn-field-over-9999-bytes.mrc`))
  const f505 = long.fields.find(f => f.tag === '505')
  t.ok(f505 !== undefined && 'subfields' in f505 && Buffer.byteLength(f505.subfields[0].value) > 9999)
})

t.test('maxRecordBytes rejects larger records and goes on', async t => {
  const rs = await readAll(readIso2709, `${VN}/vn-utf8-nfc.mrc`, 997, { maxRecordBytes: 1000 })
  t.equal(rs.length, 31)
  const big = rs.filter(r => r.record === null)
  t.ok(big.length > 0 && big.length < 31)
  for (const r of big) t.match(r.error, /longer than the 1000-byte limit/)
})

t.test('malformed MARCXML: records before the error are kept, then one rejection', async t => {
  const xml = Buffer.from('<collection xmlns="http://www.loc.gov/MARC21/slim"><record><leader>00000nam a2200000   4500</leader><controlfield tag="001">A</controlfield></record>' +
    '<record><leader>00000nam a2200000   4500</leader><controlfield tag="001">B &amp c</controlfield></record><record>')
  const rs: Array<{ position: number, record: unknown, error?: string }> = []
  for await (const r of readMarcXml((async function * () { yield xml })())) rs.push(r)
  t.equal(rs.length, 2)
  t.ok(rs[0].record !== null)
  t.equal(rs[1].position, 2)
  t.equal(rs[1].record, null)
  t.match(rs[1].error, /not well-formed/)
})
