// Writers: ISO 2709 byte for byte, MARCXML as yaz writes it, MARC-8 (Vietnamese-correct), MiJ.
import t from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fromMij, readIso2709, readMarcXml, readMij, toMij, writeIso2709 } from '../../../src/ingest/marc/index.js'
import { marcToMarcXml } from '../../../mappings/marc21-to-marcxml.js'
import { decodeMarc8, encodeMarc8 } from '../../../src/text/charsets/index.js'
import type { MarcRecord } from '../../../src/model/marc.js'
import { canonical, chunked, readAll, records, VN } from './helpers.js'

const GOLDEN = resolve(import.meta.dirname, '../../golden/marc')
const ref = records(await readAll(readIso2709, `${VN}/vn-utf8-nfc.mrc`))

async function golden (name: string, actual: string): Promise<void> {
  const file = `${GOLDEN}/${name}`
  if (process.env.UPDATE_GOLDEN === '1' && process.env.CI !== 'true') writeFileSync(file, actual)
  t.equal(actual, readFileSync(file, 'utf8'), `golden ${name}`)
}

t.test('writeIso2709(read(vn-utf8-nfc.mrc)) is the original file byte for byte', async t => {
  const original = readFileSync(`${VN}/vn-utf8-nfc.mrc`)
  const written = Buffer.concat(ref.map(r => writeIso2709(r)))
  t.equal(written.length, original.length)
  t.ok(written.equals(original), 'identical bytes')
})

t.test('NFD input is written as NFC with byte lengths', async t => {
  const nfd = records(await readAll(readIso2709, `${VN}/vn-utf8-nfd.mrc`))
  t.ok(Buffer.concat(nfd.map(r => writeIso2709(r))).equals(readFileSync(`${VN}/vn-utf8-nfc.mrc`)))
})

t.test('MARCXML writer: a collection of our records is yaz-marcdump\'s vn-utf8-nfc.xml byte for byte', async t => {
  const xml = '<collection xmlns="http://www.loc.gov/MARC21/slim">\n' + ref.map(r => marcToMarcXml(r, { xmlns: false }) + '\n').join('') + '</collection>\n'
  t.equal(xml, readFileSync(`${VN}/vn-utf8-nfc.xml`, 'utf8'))
})

t.test('MARCXML writer output re-read gives equal records (default, prefixed, schemaLocation)', async t => {
  for (const opts of [{}, { prefix: 'marc' }, { prefix: 'marc', schemaLocation: true }]) {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<root>${ref.map(r => marcToMarcXml(r, opts)).join('\n')}</root>`
    const out: MarcRecord[] = []
    for await (const r of readMarcXml(chunked(Buffer.from(xml), 997))) if (r.record !== null) out.push(r.record)
    t.equal(out.length, 31)
    out.forEach((r, i) => t.same(r, ref[i]))
  }
  await golden('vn-000001-prefixed.xml', marcToMarcXml(ref[0], { prefix: 'marc', schemaLocation: true }) + '\n')
})

t.test('MARCXML writer keeps XML 1.0 well-formed with control characters and specials', async t => {
  const r: MarcRecord = { leader: '00000nam a2200000   4500', fields: [{ tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: 'A & B <c> \u001f\u0001 "q"' }] }] }
  const xml = marcToMarcXml(r)
  t.match(xml, /A &amp; B &lt;c&gt;  &quot;q&quot;/)
  const out: MarcRecord[] = []
  for await (const x of readMarcXml(chunked(Buffer.from(xml), 5))) if (x.record !== null) out.push(x.record)
  t.equal(out.length, 1)
})

t.test('MARC-8: encode→decode of all 31 records gives the reference text', async t => {
  let n = 0
  for (const r of ref) {
    for (const f of r.fields) {
      const values = 'value' in f ? [f.value] : f.subfields.map(s => s.value)
      for (const v of values) {
        n++
        const back = decodeMarc8(encodeMarc8(v))
        if (back.text.normalize('NFC') !== v || back.problems !== 0) t.fail(`round trip of ${JSON.stringify(v)}`)
      }
    }
  }
  t.ok(n > 500, `${n} strings round-tripped`)
})

t.test('MARC-8 writer: our encoding is byte-identical to the corpus\' correct vn-marc8.mrc and reads back', async t => {
  const written = Buffer.concat(ref.map(r => writeIso2709(r, { encoding: 'marc8' })))
  t.ok(written.equals(readFileSync(`${VN}/vn-marc8.mrc`)), 'same bytes as generator/gen.py')
  const out: MarcRecord[] = []
  for await (const x of readIso2709(chunked(written, 4096))) {
    t.equal(x.encoding, 'marc8')
    if (x.record !== null) out.push(x.record)
  }
  out.forEach((r, i) => t.same(canonical(r), canonical(ref[i])))
  t.equal(encodeMarc8('trường').toString('latin1'), 'tr\xbd\xe1\xbcng', 'ư is base 0xBD; ờ is the grave 0xE1 before the base ơ 0xBC')
  t.equal(encodeMarc8('Đ').toString('latin1'), '\xa3')
})

t.test('writer limits: LG_ERR_MARC_TOO_LONG unless oversize is "modulo"', async t => {
  const long: MarcRecord = { leader: '00000nam a2200000   4500', fields: [{ tag: '505', ind1: '0', ind2: ' ', subfields: [{ code: 'a', value: 'x'.repeat(10000) }] }] }
  t.throws(() => writeIso2709(long), { code: 'LG_ERR_MARC_TOO_LONG' })
  const many: MarcRecord = { leader: '00000nam a2200000   4500', fields: Array.from({ length: 20 }, () => ({ tag: '500', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'y'.repeat(6000) }] })) }
  t.throws(() => writeIso2709(many), { code: 'LG_ERR_MARC_TOO_LONG' })
  for (const r of [long, many]) {
    const bytes = writeIso2709(r, { oversize: 'modulo' })
    const [back] = records(await (async () => { const o = []; for await (const x of readIso2709(chunked(bytes, 1000))) o.push(x); return o })())
    t.same(back.fields, r.fields, 'read back by terminators')
  }
})

t.test('MiJ: toMij/fromMij round trip; the NDJSON corpus equals toMij of the reference; bad shapes throw', async t => {
  const lines = readFileSync(`${VN}/vn-utf8-nfc.mij.ndjson`, 'utf8').trim().split('\n')
  lines.forEach((l, i) => t.same(toMij(ref[i]), JSON.parse(l)))
  for (const r of ref) t.same(fromMij(JSON.parse(JSON.stringify(toMij(r)))), r)
  for (const bad of [null, 1, {}, { leader: 'x' }, { leader: 'x', fields: [{}] }, { leader: 'x', fields: [{ 245: { subfields: [{ a: 1 }] } }] }, { leader: 'x', fields: [{ 245: 3 }] }]) {
    t.throws(() => fromMij(bad), { name: 'ProtocolError', code: 'LG_ERR_MIJ_SHAPE' })
  }
})

t.test('MiJ reader: NDJSON, array and single object; a broken line is one rejection', async t => {
  const objs = ref.slice(0, 3).map(r => toMij(r))
  const forms = [objs.map(o => JSON.stringify(o)).join('\n') + '\n', JSON.stringify(objs, null, 2), '\uFEFF' + JSON.stringify(objs[0], null, 1)]
  for (const text of forms) {
    const out = []
    for await (const r of readMij(chunked(Buffer.from(text), 7))) out.push(r)
    t.same(out.map(r => r.record), ref.slice(0, out.length))
    t.ok(out.length === 3 || out.length === 1)
  }
  const broken = [JSON.stringify(objs[0]), JSON.stringify(objs[1]).slice(0, 50), '[1, 2', JSON.stringify(objs[2]), '{"leader": 5, "fields": []}'].join('\n')
  const out = []
  for await (const r of readMij(chunked(Buffer.from(broken), 3))) out.push(r)
  t.same(out.map(r => r.record === null), [false, true, true, false, true])
  t.same(out.map(r => r.position), [1, 2, 3, 4, 5])
  t.same(out.map(r => r.offset), [1, 2, 3, 4, 5], 'offset is the line number')
  t.match(out[1].error, /not closed/)
  t.match(out[2].error, /not closed/)
  t.same(out[3].record, ref[2])
  t.match(out[4].error, /leader/)
})
