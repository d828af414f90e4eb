// The type set of a Dublin Core record: the DC → MARC type table decides the words it knows, free
// text falls back to patterns, and Vietnamese articles and reports are not newspapers.
import t from 'tap'
import { dcType } from '../../../mappings/record-sets.js'
import type { DcRecord } from '../../../src/model/dc.js'

const dc = (...types: string[]): DcRecord => ({ elements: [{ name: 'title', value: 'x' }, ...types.map(value => ({ name: 'type' as const, value }))] })

t.test('dc:type → kind', async t => {
  const cases: Array<[string[], string]> = [
    [['Text'], 'book'], [['Sách'], 'book'], [['Luận văn'], 'book'],
    [['Bài báo'], 'book'], [['Báo cáo khoa học'], 'book'], [['Journal article'], 'book'], [['Technical report'], 'book'],
    [['Tạp chí'], 'serial'], [['Báo'], 'serial'], [['Journal'], 'serial'], [['Newspaper'], 'serial'],
    [['Text', 'Manuscript'], 'manuscript'], [['Bản đồ'], 'map'], [['Still Image'], 'image'], [['MovingImage'], 'video'],
    [['Dataset'], 'electronic'], [['Bản nhạc'], 'music'], [['Sound'], 'sound'], [['Hiện vật'], 'object'],
    [['Bộ sưu tập'], 'mixed'], [['Kỷ yếu hội thảo'], 'other'], [[], 'other'],
  ]
  for (const [types, kind] of cases) t.equal(dcType(dc(...types)), kind, JSON.stringify(types))
})
