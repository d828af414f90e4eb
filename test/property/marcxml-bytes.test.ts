// The byte writer (mappings/marc21-to-marcxml-bytes.ts) gives exactly the string writer's bytes, on
// every record the store can hold: arbitrary Unicode (astral, combining marks, controls, lone
// surrogates, noncharacters, markup characters, quotes, backslashes), odd indicators and tags,
// subfield lists with a trailing code and no value, and on the Vietnamese corpus.
import t from 'tap'
import fc from 'fast-check'
import { createReadStream } from 'node:fs'
import { resolve } from 'node:path'
import { compactMarcToMarcXmlBytes } from '../../mappings/marc21-to-marcxml-bytes.js'
import { marcToMarcXml, type MarcXmlOptions } from '../../mappings/marc21-to-marcxml.js'
import { decodeMarcCompact, encodeMarcCompact } from '../../src/model/marc-compact.js'
import { readIso2709 } from '../../src/ingest/marc/index.js'
import type { MarcField, MarcRecord } from '../../src/model/marc.js'

const OPTIONS: MarcXmlOptions[] = [{}, Object.freeze({ prefix: 'marc', schemaLocation: true }), { xmlns: false }]

function expected (body: string, opts: MarcXmlOptions): Buffer {
  return Buffer.from(marcToMarcXml(decodeMarcCompact(body), opts), 'utf8')
}
function actual (body: string, opts: MarcXmlOptions): Buffer {
  return compactMarcToMarcXmlBytes(Buffer.from(body, 'utf8'), opts)
}

// Characters chosen to reach every branch: plain ASCII, each escaped character, JSON escapes,
// Vietnamese (the fast path), other Latin, combining marks (NFC changes them), the dashes the fast
// path trusts and the U+2028 it does not, CJK and astral Nôm, controls, noncharacters, lone surrogates.
const interesting = fc.constantFrom(
  'a', 'Z', '0', ' ', '&', '<', '>', '"', "'", '\\', '/', '\t', '\n', '\r', '\b', '\f', '\u0000', '\u0001', '\u001f', '\u007f', '\u0085',
  'ệ', 'Đ', 'ư', 'ờ', 'é', 'ß', 'ǎ', '\u0301', '\u0323', 'e\u0302\u0301', '\u1e00', '\u1eff', '\u1f00', '\u1d00', '\u2010', '\u2013', '\u2027', '\u2028', '\u20ac',
  '漢', '\u3000', '\u33ff', '\u3400', '\u9fff', '\ua000', '𠀀', '𡨸', '\ufffd', '\ufffe', '\uffff', '\ud800', '\udc00', '\ue000'
)
const value = fc.oneof(
  fc.array(interesting, { maxLength: 12 }).map(a => a.join('')),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ maxLength: 30 })
)
const tag = fc.oneof(fc.constantFrom('001', '008', '245', '952', '00', '', 'AB&', 'ệ01', '0"1'), fc.string({ unit: 'binary', maxLength: 4 }))
const ind = fc.oneof(fc.constantFrom(' ', '0', '1', '', '&', '"', '\\', 'ệ', '12'), fc.string({ unit: 'binary', maxLength: 2 }))
const field: fc.Arbitrary<MarcField> = fc.oneof(
  fc.record({ tag, value }),
  fc.record({ tag, ind1: ind, ind2: ind, subfields: fc.array(fc.record({ code: fc.oneof(fc.constantFrom('a', '6', '&', '"', ''), value), value }), { maxLength: 6 }) })
)
const record: fc.Arbitrary<MarcRecord> = fc.record({ leader: fc.oneof(fc.constant('00000nam a2200000 a 4500'), value), fields: fc.array(field, { maxLength: 12 }) })

t.test('equal to the string writer on arbitrary records', async t => {
  fc.assert(fc.property(record, fc.constantFrom(...OPTIONS), (r, opts) => {
    const body = encodeMarcCompact(r)
    const want = expected(body, opts)
    const got = actual(body, opts)
    if (!got.equals(want)) throw new Error(`differs for ${body}:\n${got.toString('utf8')}\n---\n${want.toString('utf8')}`)
  }), { numRuns: 3000 })
  t.pass('3000 records')
})

t.test('equal on hand-written compact bodies the encoder never writes', async t => {
  const bodies = [
    '["00000nam a2200000 a 4500",["245","10","a","x","b"]]', // a code without its value: dropped
    '["00000nam a2200000 a 4500",["245","10"]]', // no subfields
    '["ab\\/c",["245","1","a","y"]]', // \/ escape; a one-character indicator pair
    '["00000nam a2200000 a 4500","00"]', // a control field shorter than its tag
    '["00000nam a2200000 a 4500",["2\\u00e9","10","a","\\u1ec7"]]', // \u escapes: rendered whole
    '["x",["245","10","a","tr\\u01b0\\u1eddng"]]',
  ]
  for (const body of bodies) for (const opts of OPTIONS) t.same(actual(body, opts), expected(body, opts), body)
})

t.test('a corrupt body fails as the string writer fails', async t => {
  for (const body of ['', '[', '{}', '[1]', '["leader",{}]', '["leader",["245"]]', '["leader" ,"001x"]', '["l",["245","10","a",1]]', '["l"]x', '["l",["245","10","a","x"', '["l\u0001"]']) {
    let want: unknown
    try { want = expected(body, {}) } catch (e) { want = e }
    let got: unknown
    try { got = actual(body, {}) } catch (e) { got = e }
    if (want instanceof Error) t.ok(got instanceof Error && got.message === want.message, `${JSON.stringify(body)} throws: ${(want).message}`)
    else t.same(got, want, `${JSON.stringify(body)} renders as the string writer does`)
  }
})

t.test('equal on the Vietnamese corpus', async t => {
  const records: MarcRecord[] = []
  for await (const r of readIso2709(createReadStream(resolve(import.meta.dirname, '../../../shared/data/marc/vietnamese/vn-utf8-nfc.mrc')))) if (r.record !== null) records.push(r.record)
  t.equal(records.length, 31)
  for (const r of records) {
    const body = encodeMarcCompact(r)
    for (const opts of OPTIONS) if (!actual(body, opts).equals(expected(body, opts))) t.fail(`${r.fields[0].tag} ${JSON.stringify(opts)}`)
  }
  t.pass('31 records in three option sets')
})

t.test('the scratch output grows for a record far larger than it, and later records are whole', async t => {
  const big: MarcRecord = { leader: '00000nam a2200000 a 4500', fields: Array.from({ length: 3000 }, (_, i) => ({ tag: '500', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: `Ghi chú ${i} & "trích" <${'đ'.repeat(20)}>` }] })) }
  const body = encodeMarcCompact(big)
  t.ok(actual(body, {}).equals(expected(body, {})), 'a record of about 400 KB of output')
  const small = encodeMarcCompact({ leader: '00000nam a2200000 a 4500', fields: [{ tag: '001', value: 'x' }] })
  t.ok(actual(small, {}).equals(expected(small, {})), 'then a small one')
})
