// Format detection, XML safety (DOCTYPE/entities, depth), the 24-character leader rule.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { detectMarcFormat, readIso2709, readMarcXml, writeIso2709 } from '../../../src/ingest/marc/index.js'
import type { MarcReadResult } from '../../../src/ingest/marc/index.js'
import { chunked, MARC, SHARED, VN } from './helpers.js'

async function all (gen: AsyncGenerator<MarcReadResult>): Promise<MarcReadResult[]> {
  const out: MarcReadResult[] = []
  for await (const r of gen) out.push(r)
  return out
}

const head = (f: string): Buffer => readFileSync(f).subarray(0, 4096)

t.test('detectMarcFormat', async t => {
  t.equal(detectMarcFormat(head(`${VN}/vn-utf8-nfc.mrc`)), 'iso2709')
  t.equal(detectMarcFormat(head(`${VN}/broken/vn-bom-crlf.mrc`)), 'iso2709')
  t.equal(detectMarcFormat(head(`${VN}/vn-marc8.mrc`)), 'iso2709')
  t.equal(detectMarcFormat(head(`${VN}/vn-utf8-nfc.xml`)), 'marcxml')
  t.equal(detectMarcFormat(head(`${VN}/vn-utf8-nfc-prefixed.xml`)), 'marcxml')
  t.equal(detectMarcFormat(head(`${VN}/vn-oai-listrecords-marc21.xml`)), 'marcxml')
  t.equal(detectMarcFormat(head(`${VN}/vn-utf8-nfc.mij.ndjson`)), 'mij')
  t.equal(detectMarcFormat(head(`${MARC}/third_party/marc4j/marc-in-json.json`)), 'mij')
  t.equal(detectMarcFormat(head(`${SHARED}/dc/vn-oai_dc-listrecords.xml`)), 'oai_dc')
  t.equal(detectMarcFormat(Buffer.from('<html><body>hi</body></html>')), undefined)
  t.equal(detectMarcFormat(Buffer.from('hello world, not a record at all')), undefined)
  t.equal(detectMarcFormat(Buffer.alloc(0)), undefined)
})

t.test('a DOCTYPE with an external entity is not expanded; an internal entity bomb does not hang', async t => {
  const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><record xmlns="http://www.loc.gov/MARC21/slim"><leader>00000nam a2200000   4500</leader><controlfield tag="001">&x;</controlfield></record>'
  const r1 = await all(readMarcXml(chunked(Buffer.from(xxe), 16)))
  t.equal(r1.length, 1)
  t.equal(r1[0].record, null)
  t.notMatch(JSON.stringify(r1), /root:/, 'no file content')
  const bomb = '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><record xmlns="http://www.loc.gov/MARC21/slim"><leader>&c;</leader></record>'
  const r2 = await all(readMarcXml(chunked(Buffer.from(bomb), 64)))
  t.ok(r2.length === 1 && r2[0].record === null, 'rejected, not expanded')
  const plain = '<!DOCTYPE collection><collection xmlns="http://www.loc.gov/MARC21/slim"><record><leader>00000nam a2200000   4500</leader></record></collection>'
  const r3 = await all(readMarcXml(chunked(Buffer.from(plain), 64)))
  t.ok(r3.length === 1 && r3[0].record !== null, 'a harmless DOCTYPE is ignored')
})

t.test('XML nesting and record size limits', async t => {
  const deep = '<a>'.repeat(300) + '</a>'.repeat(300)
  const r = await all(readMarcXml(chunked(Buffer.from(deep), 100)))
  t.equal(r.length, 1)
  t.match(r[0].error, /deeper than 256/)
  const big = '<collection xmlns="http://www.loc.gov/MARC21/slim"><record><leader>00000nam a2200000   4500</leader><datafield tag="500" ind1=" " ind2=" "><subfield code="a">' + 'x'.repeat(5000) + '</subfield></datafield></record><record><leader>00000nam a2200000   4500</leader></record></collection>'
  const r2 = await all(readMarcXml(chunked(Buffer.from(big), 1000), { maxRecordBytes: 1000 }))
  t.same(r2.map(x => x.record === null), [true, false])
  t.match(r2[0].error, /1000-character limit/)
})

t.test('leaders are repaired to 24 characters and reported', async t => {
  const xml = '<record xmlns="http://www.loc.gov/MARC21/slim"><leader>00000nam</leader><controlfield tag="001">x</controlfield></record>'
  const [r] = await all(readMarcXml(chunked(Buffer.from(xml), 3)))
  t.equal(r.record?.leader, '00000nam a              ')
  t.match(r.repairs.join('|'), /leader was 8 characters/)
  const noLeader = '<record xmlns="http://www.loc.gov/MARC21/slim"><controlfield tag="001">x</controlfield></record>'
  const [r2] = await all(readMarcXml(chunked(Buffer.from(noLeader), 3)))
  t.equal(r2.record?.leader.length, 24)
  t.match(r2.repairs.join('|'), /leader missing/)
})

t.test('ISO 2709: junk between records is skipped and reported; an I/O error propagates', async t => {
  const rec = writeIso2709({ leader: '00000nam a2200000   4500', fields: [{ tag: '001', value: 'A' }] })
  const input = Buffer.concat([Buffer.from('garbage!!'), rec, Buffer.from('\r\n\r\n'), rec])
  const rs = await all(readIso2709(chunked(input, 5)))
  t.equal(rs.length, 2)
  t.ok(rs.every(r => r.record !== null))
  t.match(rs[0].repairs.join('|'), /skipped 9 bytes of junk/)
  t.equal(rs[1].offset, 9 + rec.length + 4)
  async function * failing (): AsyncGenerator<Uint8Array> { yield rec; throw new Error('disk on fire') }
  await t.rejects(all(readIso2709(failing())), /disk on fire/)
})
