// Character sets: the generated MARC-8 tables are in step with their generator; TCVN3 (iconv-lite)
// and VNI (our table) agree with the shared maps; MARC-8 decoding of the LoC escapes; detection.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { decodeBytes, decodeMarc8, decodeTcvn3, decodeVni, detectEncoding, encodeMarc8, isVietnameseSyllable } from '../../../src/text/charsets/index.js'
import { vniLetters } from '../../../src/text/charsets/vietnamese-legacy.js'
import { SHARED } from './helpers.js'

const root = resolve(import.meta.dirname, '../../..')

t.test('marc8-tables.generated.ts is what scripts/gen-marc8.mjs makes from codetables.xml', async t => {
  const fresh = execFileSync(process.execPath, [`${root}/scripts/gen-marc8.mjs`, `${SHARED}/marc/charsets/codetables.xml`, '--stdout'], { maxBuffer: 1 << 24 }).toString('utf8')
  const committed = readFileSync(`${root}/src/text/charsets/marc8-tables.generated.ts`, 'utf8')
  t.ok(fresh === committed, 'regenerated file is identical (run `node scripts/gen-marc8.mjs` if not)')
  t.match(committed, /"Chinese, Japanese, Korean \(EACC\)", bytes: 3/)
})

t.test('TCVN3 via iconv-lite agrees with vietnamese/tcvn3-map.json', async t => {
  const map = JSON.parse(readFileSync(`${SHARED}/vietnamese/tcvn3-map.json`, 'utf8')).map as Record<string, string>
  for (const [ch, hex] of Object.entries(map)) t.equal(decodeTcvn3(Buffer.from(hex, 'hex')).normalize('NFC'), ch, `${ch} = ${hex}`)
  t.equal(decodeTcvn3(Buffer.from([0x01, 0x1e, 0x1f])), '\x01\x1e\x1f', 'C0 stays control (VN3, not VN1)')
})

t.test('our VNI table agrees with vietnamese/vni-map.json, and decodes longest match first', async t => {
  const map = JSON.parse(readFileSync(`${SHARED}/vietnamese/vni-map.json`, 'utf8')).map as Record<string, string>
  const ours = vniLetters()
  for (const [ch, hex] of Object.entries(map)) {
    t.equal(ours.get(ch)?.toString('hex') ?? (ch.length === 1 && ch < '\x80' ? Buffer.from(ch).toString('hex') : undefined), hex, ch)
    t.equal(decodeVni(Buffer.from(hex, 'hex')), ch)
  }
  t.equal(decodeVni(Buffer.from('Tröôøng ñaïi hoïc', 'latin1')), 'Trường đại học')
})

t.test('MARC-8: ANSEL diacritics before the base, G0/G1 escapes, EACC, NCRs', async t => {
  t.equal(decodeMarc8(Buffer.from('Truy\xf2\xe3en Ki\xe3\xe1eu', 'latin1')).text.normalize('NFC'), 'Truyện Kiều')
  t.equal(decodeMarc8(Buffer.from('\xa3\xe1\xbc', 'latin1')).text.normalize('NFC'), 'Đờ')
  // ESC ( N = Basic Cyrillic in G0; ESC s back to ASCII.
  t.equal(decodeMarc8(Buffer.from('\x1b(NMIR\x1b(B ok', 'latin1')).text, 'мир ok')
  // ESC g = Greek symbols; ESC $ 1 = EACC, three bytes per character (0x213021 is U+4E00).
  t.equal(decodeMarc8(Buffer.from('\x1bga\x1bs', 'latin1')).text, 'α')
  t.equal(decodeMarc8(Buffer.from('\x1b$1!0!\x1b(B', 'latin1')).text, '一')
  t.equal(decodeMarc8(Buffer.from('&#x21A38;&#x50B3; &#xZZ;', 'latin1')).text, '𡨸傳 &#xZZ;')
  const bad = decodeMarc8(Buffer.from('a\x1bZb\xff', 'latin1'))
  t.equal(bad.problems, 2)
  t.equal(decodeMarc8(encodeMarc8('a &#x41; b')).text, 'a &#x41; b', 'a literal "&#x" survives')
})

t.test('Vietnamese syllables', async t => {
  for (const w of ['Truyện', 'Kiều', 'người', 'ĐƯỜNG', 'quốc', 'gì', 'nghiêng', 'khuya', 'oán', 'yêu']) t.ok(isVietnameseSyllable(w), w)
  for (const w of ['Thựy', 'Trõmt', 'đèp', 'Rồomaikous', 'hårdt', 'ngườì']) t.notOk(isVietnameseSyllable(w), w)
})

t.test('detection trusts the bytes over leader/09', async t => {
  const utf8 = Buffer.from('\x1faTruyện Kiều của Nguyễn Du', 'utf8')
  t.same(detectEncoding(utf8, 0, utf8.length, ' '), { encoding: 'utf8', note: 'leader/09 said MARC-8 but bytes are UTF-8' })
  t.same(detectEncoding(utf8, 0, utf8.length, 'a'), { encoding: 'utf8' })
  const ascii = Buffer.from('plain')
  t.same(detectEncoding(ascii, 0, ascii.length, ' '), { encoding: 'utf8' })
  const m8 = encodeMarc8('\x1faTruyện Kiều của Nguyễn Du, người trường')
  t.equal(detectEncoding(m8, 0, m8.length, ' ').encoding, 'marc8')
  const esc = Buffer.from('\x1b(NMIR\x1b(B', 'latin1')
  t.equal(detectEncoding(esc, 0, esc.length, ' ').encoding, 'marc8')
  const cp = Buffer.from([...Buffer.from('Tr'), 0xfd, 0xf5, 0xcc, ...Buffer.from('ng Vi'), 0xea, 0xf2, ...Buffer.from('t Nam ng'), 0xfd, 0xf5, 0xcc, 0x69])
  t.equal(decodeBytes('cp1258', cp).text.normalize('NFC'), 'Trường Việt Nam người')
  t.equal(detectEncoding(cp, 0, cp.length, ' ').encoding, 'cp1258')
  const latin = Buffer.from('\x1faP\xe5 gr\xf8nne enge', 'latin1')
  t.equal(detectEncoding(latin, 0, latin.length, ' ').encoding, 'latin1', 'nothing Vietnamese: Latin-1, reported')
  const broken = Buffer.from([0x61, 0xff, 0x62])
  t.same(detectEncoding(broken, 0, 3, 'a'), { encoding: 'utf8', note: 'invalid UTF-8 sequences replaced by U+FFFD' })
})
