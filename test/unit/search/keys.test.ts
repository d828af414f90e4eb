import t from 'tap'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { encodeKey, foldWords, sortToken } from '../../../src/search/keys.js'
import { foldKey, words } from '../../../src/text/fold.js'
import { viCompare, viSortKey } from '../../../src/text/collation.js'
import { tokenizeTerm } from '../../../src/search/normalize.js'

const vectors = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../../shared/data/vietnamese/collation-vectors.json'), 'utf8')) as { input: string[], expected_vi: string[] }
const sign = (n: number): number => n < 0 ? -1 : n > 0 ? 1 : 0
const cmp = (a: string, b: string): number => a < b ? -1 : a > b ? 1 : 0

// Strings mixing Vietnamese letters, ASCII, punctuation, spaces, combining marks and other scripts,
// so both the fast path and the fallback run.
const alphabet = [...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵÀÁẢÃẠĐÈÉỆỲ0123456789 -.,:;/\'’()ÐðßæøØ\u0301\u0323傳翹Ωσ\u00a0\t']
const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 24 }).map(a => a.join(''))

t.test('foldWords equals words(foldKey(s))', async t => {
  fc.assert(fc.property(text, (s) => foldWords(s) === (words(foldKey(s)).join(' '))), { numRuns: 3000 })
  t.equal(foldWords('Truyện Kiều /'), 'truyen kieu')
  t.equal(foldWords('Đường O’Brien'), 'duong obrien')
})

t.test('sortToken orders like viSortKey (and so like Intl.Collator vi on the vectors)', async t => {
  fc.assert(fc.property(text, text, (a, b) => sign(cmp(sortToken(a), sortToken(b))) === sign(cmp(viSortKey(a), viSortKey(b)))), { numRuns: 5000 })
  fc.assert(fc.property(text, (a) => sortToken(a) === encodeKey(viSortKey(a))), { numRuns: 3000 })
  t.same([...vectors.input].sort((a, b) => cmp(sortToken(a), sortToken(b))), vectors.expected_vi)
  t.same([...vectors.input].sort(viCompare), vectors.expected_vi)
})

t.test('query terms tokenise like values; masks survive', async t => {
  t.same(tokenizeTerm('Truyện  KIỀU', false, false).words, ['truyen', 'kieu'])
  t.same(tokenizeTerm('Bà', false, true).words, ['bà'])
  t.same(tokenizeTerm('tr*y?n \\* x', true, false).words, ['tr\uE000y\uE001n', 'x'])
  t.same(tokenizeTerm('^kieu^', true, false), { words: ['kieu'], anchoredStart: true, anchoredEnd: true })
})
