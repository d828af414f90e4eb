import t from 'tap'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import fc from 'fast-check'
import { exactKey, foldKey, nfc, words } from '../../../src/text/fold.js'
import { viCompare, viSortKey } from '../../../src/text/collation.js'
import { escapeAttr, escapeText, xmlSafe } from '../../../src/text/xml.js'

const VN = resolve(import.meta.dirname, '../../../../shared/data/vietnamese')

t.test('every Vietnamese letter folds as the shared table says', async t => {
  const table = JSON.parse(readFileSync(`${VN}/fold-table.json`, 'utf8')) as { letters: Array<{ char: string, fold_lower: string }> }
  t.equal(table.letters.length, 134)
  for (const l of table.letters) t.equal(foldKey(l.char), l.fold_lower, l.char)
})

t.test('NFC, NFD and CP1258-style forms give the same keys', async t => {
  const v = JSON.parse(readFileSync(`${VN}/normalization-vectors.json`, 'utf8')) as { vectors: Array<{ nfc: string, nfd_hex: string, cp1258_style_hex: string, fold: string }> }
  for (const x of v.vectors) {
    const nfd = Buffer.from(x.nfd_hex, 'hex').toString('utf8')
    const cp = Buffer.from(x.cp1258_style_hex, 'hex').toString('utf8')
    t.equal(exactKey(nfd), exactKey(x.nfc), `${x.nfc} NFD exact`)
    t.equal(exactKey(cp), exactKey(x.nfc), `${x.nfc} CP1258-style exact`)
    t.equal(foldKey(nfd), x.fold.toLowerCase(), `${x.nfc} fold`)
  }
})

t.test('folding finds without tones and with d; exact keeps them apart', async t => {
  t.equal(foldKey('Truyện Kiều'), 'truyen kieu')
  t.equal(foldKey('đường'), 'duong')
  t.equal(foldKey('ĐẠI'), 'dai')
  t.equal(foldKey('Ðà'), 'da', 'U+00D0 look-alike folds to d')
  t.not(exactKey('Bà'), exactKey('Ba'))
  t.equal(exactKey('BÀ'), exactKey('bà'))
  t.strictSame(words('Ứng dụng OAI-PMH: thư viện'), ['Ứng', 'dụng', 'OAI', 'PMH', 'thư', 'viện'])
})

t.test('sort keys reproduce ICU vi order on the shared vectors', async t => {
  const v = JSON.parse(readFileSync(`${VN}/collation-vectors.json`, 'utf8')) as { input: string[], expected_vi: string[] }
  t.strictSame([...v.input].sort(viCompare), v.expected_vi)
  t.strictSame([...v.input].sort((a, b) => viSortKey(a) < viSortKey(b) ? -1 : 1), v.expected_vi)
})

t.test('sort keys agree with Intl.Collator("vi") on letter-only titles', async t => {
  const coll = new Intl.Collator('vi')
  const letters = 'aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ'
  const chars = [...letters]
  let seed = 7
  const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n }
  const titles: string[] = []
  for (let i = 0; i < 2000; i++) {
    const wordsN = 1 + rnd(3)
    const ws: string[] = []
    for (let w = 0; w < wordsN; w++) {
      let s = ''
      const len = 1 + rnd(5)
      for (let k = 0; k < len; k++) s += chars[rnd(chars.length)]
      ws.push(rnd(4) === 0 ? s[0].toUpperCase() + s.slice(1) : s)
    }
    titles.push(ws.join(' '))
  }
  let disagreements = 0
  for (let i = 1; i < titles.length; i++) {
    const a = titles[i - 1]; const b = titles[i]
    if (Math.sign(coll.compare(a, b)) !== Math.sign(viCompare(a, b)) && coll.compare(a, b) !== 0) disagreements++
  }
  t.equal(disagreements, 0)
})

t.test('XML output drops characters XML 1.0 forbids', async t => {
  t.equal(xmlSafe('a\u001Fb\u0000c\u001Ed'), 'abcd')
  t.equal(escapeText('A & B <c>'), 'A &amp; B &lt;c&gt;')
  t.equal(escapeAttr('say "x"\n'), 'say &quot;x&quot;&#10;')
  t.equal(xmlSafe('𡨸'), '𡨸', 'astral characters stay')
  t.equal(xmlSafe('\uD800x'), 'x', 'lone surrogate dropped')
})

t.test('nfc: the same as String.prototype.normalize, with or without its shortcut', async t => {
  // Every code unit below U+0300 and of Latin Extended Additional, combining marks, and other scripts.
  const unit = fc.oneof(fc.integer({ min: 0x20, max: 0x2ff }), fc.integer({ min: 0x1e00, max: 0x1eff }), fc.integer({ min: 0x300, max: 0x36f }), fc.constantFrom(0x2000, 0x2126, 0x212b, 0x0958, 0xf900, 0xac00, 0x1100, 0x1161))
  fc.assert(fc.property(fc.array(unit, { maxLength: 12 }), (a) => {
    const s = String.fromCharCode(...a)
    return nfc(s) === s.normalize('NFC')
  }), { numRuns: 20000 })
  const vn = 'Truyện Kiều, Đường Kách mệnh'
  t.equal(nfc(vn), vn)
  t.equal(nfc(vn.normalize('NFD')), vn)
  t.equal(nfc('Ω'), 'Ω', 'OHM SIGN becomes OMEGA')
})
