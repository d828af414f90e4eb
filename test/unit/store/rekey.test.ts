// Migration 3: sort tokens of a version-2 store (three-byte private-use weights, letters at 0x100)
// become today's one-byte tokens, exactly, and the store still scans and sorts in Vietnamese order.
import t from 'tap'
import fc from 'fast-check'
import { rmSync } from 'node:fs'
import { sortToken } from '../../../src/search/keys.js'
import { viSortKey } from '../../../src/text/collation.js'
import { openSqlite } from '../../../src/store/sqlite/open.js'
import { openSqliteRecordStore } from '../../../src/store/sqlite/record-store.js'
import { rekeyV2Token } from '../../../src/store/sqlite/rekey.js'
import { incoming, marc, tempStore } from './make.js'

// Version 2's encoder, written out independently: each weight as U+E100 + w, or from 0x0F00 up as
// U+F000 + (w >> 8), U+E100 + (w & 0xFF); letters weighed 0x100 + their place in the alphabet.
function v2Weight (w: number): string {
  const old = w >= 0x50 && w < 0x50 + 33 ? w - 0x50 + 0x100 : w
  return old < 0x0f00 ? String.fromCharCode(0xe100 + old) : String.fromCharCode(0xf000 + (old >> 8), 0xe100 + (old & 0xff))
}
function v2Token (s: string): string {
  const [p, sec = '', ter = ''] = viSortKey(s).split('\u0001')
  const trim = (l: string): string => l.replace(/0+$/, '')
  const enc = (l: string): string => [...l].map(c => v2Weight(c.charCodeAt(0))).join('')
  return enc(p) + v2Weight(1) + enc(trim(sec)) + v2Weight(1) + enc(trim(ter))
}
/** Today's token back in version 2's form (for making a version-2 store). */
function toV2 (token: string): string {
  let out = ''
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i)
    if (c >= 0xe000 && c < 0xe100) { out += v2Weight(0xd000 + ((c - 0xe000) << 8) + (token.charCodeAt(i + 1) - 0xe100)); i++ } else out += v2Weight(c)
  }
  return out
}

const alphabet = [...'aăâbcdđeêghiklmnoôơpqrstuưvxyzfjwAĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵÀÁẢÃẠĐÈÉỆỲ0123456789 -.,:;/()ßæø傳翹Ωσ한글']
const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 24 }).map(a => a.join(''))

t.test('a version-2 token converts to exactly the token of the same text', async t => {
  // 'Ba' as version 2 stored it: b a | (no tones) | B upper-case
  t.equal(rekeyV2Token('\uE203\uE200\uE101\uE101\uE131'), sortToken('Ba'))
  t.equal(sortToken('Ba'), 'SP\u0001\u00011', 'one byte per weight')
  t.equal(rekeyV2Token(''), '')
  fc.assert(fc.property(text, s => rekeyV2Token(v2Token(s)) === sortToken(s)), { numRuns: 3000 })
  // the conversion keeps the order, so the migration can copy the headings in key order
  fc.assert(fc.property(text, text, (a, b) => (v2Token(a) < v2Token(b)) === (sortToken(a) < sortToken(b))), { numRuns: 3000 })
})

t.test('a version-2 store opens, is re-keyed, and scans and sorts as before', async t => {
  const { store, file } = tempStore(t)
  const titles = ['Đường Kách mệnh', 'Truyện Kiều', 'Ba Vì', 'Bà Triệu', 'Ếch ngồi đáy giếng', 'Ê-đê', '傳奇漫錄', 'Zebra 2', 'Lục Vân Tiên']
  await store.upsertBatch(titles.map((title, i) => incoming(marc(`K${i}`, title, [{ tag: '100', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: `Nguyễn ${title}` }] }]))))
  const headings = (db: typeof store.db): unknown[] => db.prepare('SELECT idx, skey, record FROM headings ORDER BY idx, skey, record').all()
  const sorts = (db: typeof store.db): unknown[] => db.prepare('SELECT id, sort_title, sort_author FROM records ORDER BY id').all()
  const wantHeadings = headings(store.db)
  const wantSorts = sorts(store.db)
  const wantScan = await store.scan({ index: 'title', from: 'b', before: 0, after: 20 })
  await store.close()

  const old = openSqlite(file)
  old.function('to_v2', (s: unknown) => typeof s === 'string' ? toV2(s) : s)
  old.exec(`CREATE TABLE h2 AS SELECT idx, to_v2(skey) AS skey, record FROM headings; DELETE FROM headings;
            INSERT INTO headings SELECT * FROM h2; DROP TABLE h2;
            UPDATE records SET sort_title = to_v2(sort_title), sort_author = to_v2(sort_author);
            UPDATE schema_versions SET version = 2 WHERE namespace = 'records'`)
  t.not(headings(old), wantHeadings, 'the store now holds version-2 tokens')
  old.close()

  const again = openSqliteRecordStore(file)
  t.teardown(async () => { await again.close(); rmSync(file, { force: true }) })
  t.equal((again.db.prepare("SELECT version FROM schema_versions WHERE namespace = 'records'").get() as { version: number }).version, 3)
  t.same(headings(again.db), wantHeadings, 'headings re-keyed exactly')
  t.same(sorts(again.db), wantSorts, 'sort columns re-keyed exactly')
  t.same(await again.scan({ index: 'title', from: 'b', before: 0, after: 20 }), wantScan)
  t.same((await again.scan({ index: 'title', from: 'b', before: 0, after: 3 })).map(e => e.term), ['Bà Triệu', 'Ba Vì', 'Đường Kách mệnh'], 'primary letters first: t before v')
})
