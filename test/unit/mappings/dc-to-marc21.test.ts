// DC → MARC 21 from the LoC DC-to-MARC table (research/marc.md §2.2) on the DSpace-style sample
// shared/data/dc/vn-oai_dc-listrecords.xml (NFD text, mixed language forms, Hán/Nôm, ISSN).
import t from 'tap'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import fc from 'fast-check'
import { dcToMarc, DC_TO_MARC } from '../../../mappings/dc-to-marc21.js'
import { marcToDc } from '../../../mappings/marc21-to-dc.js'
import { DC_ELEMENTS, type DcRecord } from '../../../src/model/dc.js'
import type { DataField, MarcRecord } from '../../../src/model/marc.js'
import { readOaiDcRecords } from '../../helpers/oai-dc-records.js'

const FILE = resolve(import.meta.dirname, '../../../../shared/data/dc/vn-oai_dc-listrecords.xml')
const records = readOaiDcRecords(readFileSync(FILE, 'utf8'))

/** A record as `TAG ii $a value $b value` lines (control fields as `TAG value`), for readable assertions. */
function lines (r: MarcRecord): string[] {
  return r.fields.map(f => 'value' in f
    ? `${f.tag} ${f.value}`
    : `${f.tag} ${(f as DataField).ind1}${(f as DataField).ind2} ${(f as DataField).subfields.map(s => `$${s.code} ${s.value}`).join(' ')}`)
}

t.test('the sample has four records with metadata (the fifth is a deletion)', async t => {
  t.equal(records.length, 4)
})

t.test('record 101: thesis, Vietnamese direct-order creator, DSpace accession date skipped', async t => {
  const m = dcToMarc(records[0])
  t.equal(m.leader, '00000nam a22000003u 4500')
  t.equal(m.leader.length, 24)
  t.strictSame(lines(m), [
    '008       s2022    xx |||||||||||||||||vie d',
    '041 0  $a vie',
    '042    $a dc',
    '100 0  $a Nguyễn Thị Thu Hà $4 aut',
    '245 10 $a Nghiên cứu ứng dụng chuẩn Dublin Core trong mô tả tài liệu số tại thư viện đại học',
    '260    $b Trường Đại học Khoa học Xã hội và Nhân văn $c 2022',
    '520    $a Luận văn phân tích việc áp dụng 15 yếu tố Dublin Core và đề xuất bảng chuyển đổi sang MARC21.',
    '540    $a Chỉ dùng cho mục đích học tập và nghiên cứu',
    '653    $a Dublin Core',
    '653    $a Siêu dữ liệu',
    '653    $a Thư viện số',
    '655  7 $a Thesis $2 local',
    '720    $a Trần Văn Bình $4 ctb',
    '856 40 $u http://repository.example.vn/handle/123456789/101 $q application/pdf',
  ])
  t.equal((m.fields[0] as { value: string }).value.length, 40)
})

t.test('record 102: article, second title, inverted name, Dewey subject, ISSN, source, relation', async t => {
  const m = dcToMarc(records[1])
  t.equal(m.leader.slice(6, 8), 'aa', 'an article is a monographic component part')
  t.strictSame(lines(m), [
    '008       s2023    xx |||||||||||||||||vie d',
    '022    $a 1859-0004',
    '041 0  $a vie',
    '042    $a dc',
    '082 04 $a 020',
    '100 1  $a Lê, Minh Đức $4 aut',
    '245 10 $a Đánh giá chất lượng dịch vụ thư viện bằng mô hình LibQUAL+',
    '246 33 $a Assessing library service quality with LibQUAL+',
    '260    $b Đại học Quốc gia Thành phố Hồ Chí Minh $c 2023',
    '520    $a Bài báo khoa học. Tạp chí Khoa học Thông tin, số 4 (2023), tr. 12-20.',
    '653    $a Chất lượng dịch vụ',
    '655  7 $a Article $2 local',
    '700 0  $a Phạm Ngọc Ánh $4 aut',
    '786 0  $n Tạp chí Khoa học Thông tin',
    '787 0  $n http://repository.example.vn/handle/123456789/101',
    '856 40 $u http://repository.example.vn/handle/123456789/102',
  ])
})

t.test('record 103: NFD input arrives NFC; coverage → 500', async t => {
  const m = dcToMarc(records[2])
  t.ok(lines(m).includes('100 0  $a Hoàng Đức Trường $4 aut'))
  t.ok(lines(m).includes('500    $a Huế (Việt Nam)'))
  t.ok(lines(m).every(l => l === l.normalize('NFC')))
})

t.test('record 104: organisation creator, Text + Manuscript, three language forms, media type without URL', async t => {
  const m = dcToMarc(records[3])
  t.equal(m.leader.slice(6, 8), 'tm')
  t.strictSame(lines(m), [
    '008       s1697    xx |||||||||||||||||vie d',
    '041 0  $a vie $a chi',
    '042    $a dc',
    '110 2  $a Viện Nghiên cứu Hán Nôm $4 aut',
    '245 10 $a Tư liệu Hán Nôm: 大越史記全書 và chữ Nôm 𡨸喃',
    '260    $c 1697',
    '540    $a Public domain',
    '546    $a Tiếng Việt',
    '653    $a Hán Nôm',
    '655  7 $a Text $2 local',
    '655  7 $a Manuscript $2 local',
    '856    $q image/jp2',
  ])
})

t.test('identifier, format and type rules', async t => {
  const dc = (...e: Array<[string, string]>): DcRecord => ({ elements: e.map(([name, value]) => ({ name: name as never, value })) })
  const l = lines(dcToMarc(dc(['identifier', 'URN:ISBN:978-604-0-00001-9'], ['identifier', 'doi:10.1234/abc.5'], ['identifier', 'https://doi.org/10.5555/x'],
    ['identifier', 'ISSN 18590004'], ['identifier', 'VN-SYN-000001'], ['format', '24 cm'], ['type', 'Bản đồ'], ['language', 'xyz'])))
  t.ok(l.includes('020    $a 9786040000019'))
  t.ok(l.includes('024 7  $a 10.1234/abc.5 $2 doi'))
  t.ok(l.includes('024 7  $a 10.5555/x $2 doi'))
  t.ok(l.includes('022    $a 1859-0004'))
  t.ok(l.includes('024 8  $a VN-SYN-000001'))
  t.ok(l.includes('340    $a 24 cm'))
  t.ok(l.includes('546    $a xyz'), 'an unknown language is kept as text')
  t.ok(l[0].endsWith('und d'), '008/35-37 und when no language is known')
  t.ok(l[0].startsWith('008       nuuuu'), 'no date: 008/06 n, 07-10 uuuu')
  t.equal(dcToMarc(dc(['type', 'Bản đồ'])).leader[6], 'e')
  t.equal(dcToMarc(dc(['type', 'Collection'])).leader.slice(6, 8), 'pc')
  t.strictSame(lines(dcToMarc(dc(['title', 'Chỉ nhan đề']))).slice(1), ['042    $a dc', '245 00 $a Chỉ nhan đề'], 'no creator: 245 ind1 0')
})

t.test('DC → MARC → DC keeps titles, creators, subjects, descriptions, publishers, rights and language codes', async t => {
  for (const dc of records) {
    const back = marcToDc(dcToMarc(dc))
    const vals = (r: DcRecord, n: string): string[] => r.elements.filter(e => e.name === n).map(e => e.value)
    t.strictSame(vals(back, 'title'), vals(dc, 'title').slice(0, 1))
    t.strictSame(vals(back, 'creator'), [...vals(dc, 'creator'), ...vals(dc, 'contributor')])
    t.strictSame(vals(back, 'subject'), vals(dc, 'subject').filter(s => !/^\d{3}(\.\d+)?$/.test(s)))
    t.strictSame(vals(back, 'description'), [...vals(dc, 'description'), ...vals(dc, 'coverage')], 'coverage comes back from 500 as a description')
    t.strictSame(vals(back, 'publisher'), vals(dc, 'publisher'))
    t.strictSame(vals(back, 'rights'), vals(dc, 'rights'))
    t.ok(vals(back, 'language').includes('vie'))
  }
})

t.test('the table covers the fifteen DCMES elements', async t => {
  t.strictSame(DC_TO_MARC.map(r => r.dc).sort(), [...DC_ELEMENTS].sort())
})

t.test('any DC record gives a structurally valid MARC record', async t => {
  const arb = fc.array(fc.record({ name: fc.constantFrom(...DC_ELEMENTS), value: fc.string({ maxLength: 20 }) }), { maxLength: 15 })
  fc.assert(fc.property(arb, elements => {
    const m = dcToMarc({ elements })
    if (m.leader.length !== 24) return false
    const f008 = m.fields.find(f => f.tag === '008') as { value: string }
    if (f008.value.length !== 40) return false
    const tags = m.fields.map(f => f.tag)
    if (tags.join() !== [...tags].sort().join()) return false
    return m.fields.every(f => 'value' in f || f.subfields.every(s => s.value.trim() !== ''))
  }), { numRuns: 300 })
  t.pass('300 random DC records')
})
