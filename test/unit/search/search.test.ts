import t from 'tap'
import { createReadStream, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { readIso2709 } from '../../../src/ingest/marc/index.js'
import type { DataField, MarcRecord } from '../../../src/model/marc.js'
import { term, type Query } from '../../../src/search/ast.js'
import { incoming, marc, tempStore } from '../store/make.js'

const SHARED = resolve(import.meta.dirname, '../../../../shared/data')
const VN = resolve(SHARED, 'marc/vietnamese/vn-utf8-nfc.mrc')

async function readAll (file: string): Promise<MarcRecord[]> {
  const out: MarcRecord[] = []
  for await (const r of readIso2709(createReadStream(file))) if (r.record !== null) out.push(r.record)
  return out
}

function title245 (r: MarcRecord): string {
  const f = r.fields.find(x => x.tag === '245') as DataField
  return f.subfields.find(s => s.code === 'a')?.value ?? ''
}

t.test('search on the 31 Vietnamese records', async t => {
  const { store } = tempStore(t)
  const records = await readAll(VN)
  t.equal(records.length, 31)
  await store.upsertBatch(records.map(r => incoming(r)))
  // The corpus has no đường: two records of our own for đ/d folding.
  await store.upsertBatch([incoming(marc('X-DUONG', 'Con đường xưa em đi')), incoming(marc('X-DUONG2', 'Dương Thu Hương tuyển tập'))])
  const ids = async (q: Query): Promise<string[]> => (await store.search(q, { offset: 0, limit: 100 })).records.map(r => r.id.localId).sort()
  const titles = async (q: Query): Promise<string[]> => (await store.search(q, { offset: 0, limit: 100 })).records.map(r => title245(r.marc!))

  t.test('tone-insensitive words: truyen kieu finds Truyện Kiều, duong finds đường', async t => {
    t.ok((await titles(term('title', 'truyen kieu'))).includes('Truyện Kiều /'))
    t.ok((await ids(term('any', 'truyen kieu'))).includes('VN-SYN-000001'))
    const duong = await store.search(term('any', 'duong'), { offset: 0, limit: 100 })
    t.ok(duong.total > 0)
    t.ok(duong.records.every(r => JSON.stringify(r.marc).normalize('NFD').replace(/\p{Mn}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().includes('duong')), 'every hit has đường/duong')
    t.ok(duong.records.some(r => r.id.localId === 'X-DUONG'), 'a hit spelled đường')
    t.ok(duong.records.some(r => r.id.localId === 'X-DUONG2'), 'a hit spelled Dương')
    t.same(await ids(term('title', 'đường', 'all', { accentSensitive: true })), ['X-DUONG'], 'accent-sensitive keeps đ and tones')
    t.same(await ids(term('title', 'TRUYỆN KIỀU', 'phrase')), await ids(term('title', 'truyen kieu', 'phrase')))
    t.same(await ids(term('title', 'kieu truyen', 'phrase')), [], 'phrase keeps word order')
  })

  t.test('ISBN-10 and ISBN-13 find each other, with and without hyphens', async t => {
    // 020 $a 9786040000019 (record 1); its ISBN-10 is 604000001X? computed: 978 + 604000001 → ISBN-10 check
    const want = ['VN-SYN-000001']
    for (const q of ['9786040000019', '978-604-0000-01-9', '6040000015', '604-0000-01-5']) {
      t.same(await ids(term('isbn', q)), want, `isbn = ${q}`)
      t.same(await ids(term('identifier', q)), want, `identifier = ${q}`)
    }
    t.same(await ids(term('any', '978-604-0000-01-9')), want, 'any finds a hyphenated ISBN')
    t.same(await ids(term('isbn', '9786040000019', 'exact')), want)
  })

  t.test('ISSN with and without hyphen', async t => {
    const a = await ids(term('issn', '1859-0004'))
    t.equal(a.length, 1)
    t.same(await ids(term('issn', '18590004')), a)
  })

  t.test('accent-sensitive: Bà does not find Ba', async t => {
    // 245 $a Ba : $b bản ghi kiểm thử sắp xếp số 17 (and Bà 18, Bả 19, Bã 20, Bá 21, Bạ 22)
    const folded = await titles(term('title', 'Bà', 'all'))
    t.ok(['Ba :', 'Bà :', 'Bả :', 'Bã :', 'Bá :', 'Bạ :'].every(x => folded.includes(x)), 'folded search finds every tone')
    t.same(await titles(term('title', 'Bà', 'all', { accentSensitive: true })), ['Bà :'])
    t.same(await titles(term('title', 'Ba', 'all', { accentSensitive: true })), ['Ba :'])
    t.same(await titles(term('title', 'BÀ', 'all', { accentSensitive: true })), ['Bà :'], 'case still folded')
    t.same(await titles(term('title', 'Bà : bản ghi kiểm thử sắp xếp số 18', 'exact', { accentSensitive: true })), ['Bà :'], 'whole field, tone for tone')
    t.same(await titles(term('title', 'Ba : bản ghi kiểm thử sắp xếp số 18', 'exact', { accentSensitive: true })), [])
    t.same(await titles(term('title', 'Ba : ban ghi kiem thu sap xep so 18', 'exact')), ['Bà :'], 'whole field, folded')
  })

  t.test('masking: right truncation, inner and left masks', async t => {
    t.ok((await titles(term('title', 'truy*', 'all', { masking: true }))).includes('Truyện Kiều /'))
    t.ok((await titles(term('title', 'k?eu', 'all', { masking: true }))).includes('Truyện Kiều /'))
    t.ok((await titles(term('title', '*ieu', 'all', { masking: true }))).includes('Truyện Kiều /'))
    t.ok((await titles(term('title', 'truyen ki*', 'phrase', { masking: true }))).includes('Truyện Kiều /'))
    t.ok((await titles(term('title', 'truyện k*', 'exact', { masking: true }))).includes('Truyện Kiều /'))
    t.same(await ids(term('title', 'truy\\*', 'all', { masking: true })), [], 'an escaped * is literal')
    await t.rejects(store.search(term('title', 'tr?yen kieu', 'phrase', { masking: true }), { offset: 0, limit: 1 }), { code: 'LG_ERR_UNSUPPORTED_MASKING' })
  })

  t.test('booleans, all, dates, library, type', async t => {
    const all = await store.search({ kind: 'all' }, { offset: 0, limit: 0 })
    t.equal(all.total, 33)
    const kieu = await ids(term('title', 'kieu'))
    const du = await ids(term('author', 'nguyen du'))
    t.same(await ids({ kind: 'and', left: term('title', 'kieu'), right: term('author', 'nguyen du') }), kieu.filter(x => du.includes(x)))
    t.same(await ids({ kind: 'or', left: term('title', 'kieu'), right: term('author', 'nguyen du') }), [...new Set([...kieu, ...du])].sort())
    t.same(await ids({ kind: 'not', left: { kind: 'all' }, right: term('title', 'kieu') }).then(x => x.length), 33 - kieu.length)
    t.same(await ids({ kind: 'and', left: { kind: 'all' }, right: term('library', 'vn-test') }).then(x => x.length), 33, 'library, case-insensitive')
    t.ok((await ids(term('date', '2019'))).includes('VN-SYN-000001'))
    const old = await ids(term('date', '1800', 'lt'))
    t.ok(old.length > 0 && !old.includes('VN-SYN-000001'), 'date < 1800')
    t.ok((await ids(term('date', '2018 2020', 'within'))).includes('VN-SYN-000001'))
    t.ok((await ids(term('type', 'map'))).length > 0)
    t.ok((await ids(term('language', 'Tiếng Việt'))).length > 25, 'language names map to codes')
    await t.rejects(store.search(term('any', 'x', 'lt'), { offset: 0, limit: 1 }), { code: 'LG_ERR_UNSUPPORTED_RELATION' })
  })

  t.test('deleted records never match', async t => {
    const before = await ids(term('title', 'truyen kieu'))
    await store.upsertBatch([incoming(marc('VN-SYN-000001', 'x'), { deleted: true })])
    const after = await ids(term('title', 'truyen kieu'))
    t.same(after, before.filter(x => x !== 'VN-SYN-000001'))
    t.same(await ids(term('isbn', '9786040000019')), [])
    t.equal((await store.search({ kind: 'all' }, { offset: 0, limit: 0 })).total, 32)
  })
})

t.test('sort by title follows Vietnamese alphabetical order (collation vectors)', async t => {
  const { store } = tempStore(t)
  const v = JSON.parse(readFileSync(resolve(SHARED, 'vietnamese/collation-vectors.json'), 'utf8')) as { input: string[], expected_vi: string[] }
  await store.upsertBatch(v.input.map((s, i) => incoming(marc(`C${i}`, s))))
  const sorted = await store.search({ kind: 'all' }, { offset: 0, limit: 100, sort: [{ index: 'title', descending: false }] })
  t.same(sorted.records.map(r => title245(r.marc!)), v.expected_vi)
  const desc = await store.search({ kind: 'all' }, { offset: 0, limit: 5, sort: [{ index: 'title', descending: true }] })
  t.same(desc.records.map(r => title245(r.marc!)), [...v.expected_vi].reverse().slice(0, 5))
  const page = await store.search({ kind: 'all' }, { offset: 10, limit: 3, sort: [{ index: 'title', descending: false }] })
  t.same(page.records.map(r => title245(r.marc!)), v.expected_vi.slice(10, 13), 'offset pages')
})

t.test('scan lists headings in Vietnamese order with exact live counts', async t => {
  const { store } = tempStore(t)
  const v = JSON.parse(readFileSync(resolve(SHARED, 'vietnamese/collation-vectors.json'), 'utf8')) as { input: string[], expected_vi: string[] }
  // Each vector title once, and 'Bà' three times more (two of them then deleted).
  await store.upsertBatch([...v.input.map((s, i) => incoming(marc(`C${i}`, s))), ...[1, 2, 3].map(i => incoming(marc(`D${i}`, 'Bà')))])
  await store.upsertBatch([1, 2].map(i => incoming(marc(`D${i}`, 'Bà'), { deleted: true })))
  const scan = await store.scan({ index: 'title', from: '', before: 0, after: 100 })
  t.same(scan.map(e => e.term), v.expected_vi)
  t.equal(scan.find(e => e.term === 'Bà')?.count, 2, 'counts only live records')
  t.ok(scan.filter(e => e.term !== 'Bà').every(e => e.count === 1))
  const around = await store.scan({ index: 'title', from: 'Đa', before: 2, after: 3 })
  t.same(around.map(e => e.term), ['Dân tộc', 'Du lịch', 'Đa dạng', 'Đào Duy Anh', 'Đặng Thùy Trâm'])
  const years = await store.scan({ index: 'date', from: '2000', before: 0, after: 5 })
  t.same(years, [{ term: '2019', count: 35 }])
  await t.rejects(store.scan({ index: 'any', from: 'a', before: 0, after: 1 }), { code: 'LG_ERR_UNSUPPORTED_INDEX' })
})

t.test('pages and totals: every window and offset agrees with the whole result; hits-only windows', async t => {
  const { store } = tempStore(t)
  // 25 records titled with a shared word, 5 of them later deleted (tombstones must not count).
  await store.upsertBatch(Array.from({ length: 25 }, (_, i) => incoming(marc(`P${String(i).padStart(2, '0')}`, `Sách chung ${i % 3 === 0 ? 'đỏ' : 'xanh'}`))))
  await store.upsertBatch([3, 7, 11, 15, 19].map(i => incoming(marc(`P${String(i).padStart(2, '0')}`, 'x'), { deleted: true })))
  const queries: Array<[string, Query, Parameters<typeof store.search>[1]['sort']]> = [
    ['a word (FTS only)', term('title', 'sach chung'), undefined],
    ['an and of two words', { kind: 'and', left: term('title', 'sach'), right: term('title', 'do') }, undefined],
    ['everything', { kind: 'all' }, undefined],
    ['sorted by title, missing omitted', term('title', 'chung'), [{ index: 'title', descending: true, missing: 'omit' }]],
  ]
  for (const [name, q, sort] of queries) {
    const whole = await store.search(q, { offset: 0, limit: 1000, ...(sort !== undefined ? { sort } : {}) })
    const ids = whole.records.map(r => r.id.localId)
    t.equal(whole.total, ids.length, `${name}: total of the whole result`)
    t.equal((await store.search(q, { offset: 0, limit: 0, ...(sort !== undefined ? { sort } : {}) })).total, ids.length, `${name}: count only`)
    for (const [offset, limit] of [[0, 1], [0, ids.length], [0, ids.length + 1], [2, 3], [ids.length - 1, 5], [ids.length, 5], [ids.length + 3, 2]]) {
      const page = await store.search(q, { offset, limit, ...(sort !== undefined ? { sort } : {}) })
      t.equal(page.total, ids.length, `${name}: total at offset ${offset}, limit ${limit}`)
      t.same(page.records.map(r => r.id.localId), ids.slice(offset, offset + limit), `${name}: page at offset ${offset}, limit ${limit}`)
      t.equal(page.hits, undefined, 'no hits unless asked')
      const window = await store.search(q, { offset, limit, records: 2, ...(sort !== undefined ? { sort } : {}) })
      t.equal(window.total, ids.length, `${name}: window total at offset ${offset}`)
      t.same(window.hits?.map(h => h.id.localId), ids.slice(offset, offset + limit), `${name}: window hits at offset ${offset}, limit ${limit}`)
      t.same(window.records.map(r => r.id.localId), ids.slice(offset, Math.min(offset + limit, offset + 2)), `${name}: whole records for the first two only`)
      t.same(window.hits?.slice(0, 2).map(h => h.stamp), window.records.map(r => r.stamp), 'hit stamps are the records\' stamps')
    }
  }
})
