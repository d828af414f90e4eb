// The documented differences between libgate's crosswalks and the Library of Congress stylesheets'
// output on the 31 Vietnamese sample records, and the comparisons that find them. Shared by the unit
// tests (stored oracle files) and conformance/crosswalks/ (xsltproc run live).
import type { MarcRecord } from '../../src/model/marc.js'
import { DC_NS } from '../../mappings/dc-to-xml.js'
import { stringValue, type XmlElement } from './xml-tree.js'

export const DC_REASONS = {
  keyword653: '653 uncontrolled keywords: one dc:subject per $a (research/marc.md §2.1); the stylesheet joins every $a of a field into one subject',
  script880: '880 alternate script (Hán/Nôm) linked to 245: an extra dc:title with xml:lang vi-Hani; the stylesheets ignore 880',
  coverage651: '651 geographic subject → dc:coverage (LoC crosswalk table; MARC21slim2SRWDC.xsl form); MARC21slim2OAIDC.xsl has no 651 rule',
  issn022: '022 $a → URN:ISSN: identifier (LoC crosswalk table lists 022); the stylesheets only do 020',
  typeSplit: 'Leader/06 t: "manuscript" and "text" as two dc:type values; the stylesheet concatenates them into "manuscripttext"',
  language041: '041 $a languages are added (the stylesheets read 008/35-37 only); here 041 $a vie on a record whose 008 says chi',
  rda264: '264 _1 (RDA publication statement) read like 260 $a $b / $c; the stylesheets only read 260',
  malformed008: 'the 008 is 41 or 39 characters long: its language is read relative to the end (positions 38-39 follow it), giving vie; the stylesheets take characters 36-38 blindly ("vi", "ie")',
  subdivisions: 'MARC21slim2SRWDC.xsl appends $v $x $y $z subdivisions with "--" to 6XX subjects; we follow MARC21slim2OAIDC.xsl ($a $b $c $d $q), one table for both DC schemas',
  format856q: 'MARC21slim2SRWDC.xsl comments out 856 $q → dc:format; MARC21slim2OAIDC.xsl (the newer file) writes it, and so do we',
} as const
export type DcReason = keyof typeof DC_REASONS
/** [record 001 suffix, '+' ours only | '-' oracle only, element, value (whitespace-normalised), reason] */
export type DcDiff = readonly [string, '+' | '-', string, string, DcReason]

export const OAI_DC_DIFFERENCES: readonly DcDiff[] = [
  ['01', '+', 'title', '傳翹 /', 'script880'],
  ['01', '+', 'subject', 'Truyện Kiều', 'keyword653'],
  ['01', '+', 'subject', 'Thơ lục bát', 'keyword653'],
  ['01', '+', 'subject', 'Văn học trung đại', 'keyword653'],
  ['01', '-', 'subject', 'Truyện Kiều Thơ lục bát Văn học trung đại', 'keyword653'],
  ['02', '+', 'coverage', 'Hà Nội (Việt Nam)--Đời sống xã hội', 'coverage651'],
  ['07', '+', 'subject', 'Khoa học thông tin', 'keyword653'],
  ['07', '+', 'subject', 'Thư viện', 'keyword653'],
  ['07', '-', 'subject', 'Khoa học thông tin Thư viện', 'keyword653'],
  ['08', '+', 'subject', 'OAI-PMH', 'keyword653'],
  ['08', '+', 'subject', 'MARC21', 'keyword653'],
  ['08', '+', 'subject', 'Dublin Core', 'keyword653'],
  ['08', '+', 'subject', 'Liên thông thư viện', 'keyword653'],
  ['08', '-', 'subject', 'OAI-PMH MARC21 Dublin Core Liên thông thư viện', 'keyword653'],
  ['09', '+', 'identifier', 'URN:ISSN:1859-0004', 'issn022'],
  ['10', '+', 'language', 'vie', 'malformed008'],
  ['10', '-', 'language', 'vi', 'malformed008'],
  ['10', '+', 'coverage', 'Việt Nam--Bản đồ hành chính', 'coverage651'],
  ['11', '+', 'language', 'vie', 'malformed008'],
  ['11', '-', 'language', 'vi', 'malformed008'],
  ['12', '+', 'title', '大越史記全書', 'script880'],
  ['12', '+', 'type', 'manuscript', 'typeSplit'],
  ['12', '+', 'type', 'text', 'typeSplit'],
  ['12', '-', 'type', 'manuscripttext', 'typeSplit'],
  ['12', '+', 'language', 'vie', 'language041'],
  ['12', '+', 'coverage', 'Việt Nam--Lịch sử--Đến 1428', 'coverage651'],
  ['14', '+', 'publisher', 'Tp. Hồ Chí Minh : Nxb. Trẻ,', 'rda264'],
  ['14', '+', 'date', '2019.', 'rda264'],
  ['15', '+', 'coverage', 'Việt Nam--Lịch sử--1961-1975--Hồi ký', 'coverage651'],
  ['16', '+', 'language', 'vie', 'malformed008'],
  ['16', '-', 'language', 'ie', 'malformed008'],
]

export const SRW_DC_DIFFERENCES: readonly DcDiff[] = [
  ['01', '+', 'title', '傳翹 /', 'script880'],
  ['01', '+', 'subject', 'Văn học Việt Nam', 'subdivisions'],
  ['01', '-', 'subject', 'Văn học Việt Nam--Truyện thơ--Thế kỷ 19', 'subdivisions'],
  ['01', '+', 'subject', 'Truyện Kiều', 'keyword653'],
  ['01', '+', 'subject', 'Thơ lục bát', 'keyword653'],
  ['01', '+', 'subject', 'Văn học trung đại', 'keyword653'],
  ['01', '-', 'subject', 'Truyện Kiều Thơ lục bát Văn học trung đại', 'keyword653'],
  ['02', '+', 'subject', 'Văn học hiện đại', 'subdivisions'],
  ['02', '-', 'subject', 'Văn học hiện đại--Việt Nam--Tiểu thuyết', 'subdivisions'],
  ['03', '+', 'subject', 'Nông thôn', 'subdivisions'],
  ['03', '-', 'subject', 'Nông thôn--Việt Nam--Tiểu thuyết', 'subdivisions'],
  ['04', '+', 'subject', 'Văn học thiếu nhi', 'subdivisions'],
  ['04', '-', 'subject', 'Văn học thiếu nhi--Việt Nam', 'subdivisions'],
  ['07', '+', 'subject', 'Thư viện học', 'subdivisions'],
  ['07', '-', 'subject', 'Thư viện học--Giáo trình', 'subdivisions'],
  ['07', '+', 'subject', 'Khoa học thông tin', 'keyword653'],
  ['07', '+', 'subject', 'Thư viện', 'keyword653'],
  ['07', '-', 'subject', 'Khoa học thông tin Thư viện', 'keyword653'],
  ['08', '+', 'format', 'application/pdf', 'format856q'],
  ['08', '+', 'subject', 'OAI-PMH', 'keyword653'],
  ['08', '+', 'subject', 'MARC21', 'keyword653'],
  ['08', '+', 'subject', 'Dublin Core', 'keyword653'],
  ['08', '+', 'subject', 'Liên thông thư viện', 'keyword653'],
  ['08', '-', 'subject', 'OAI-PMH MARC21 Dublin Core Liên thông thư viện', 'keyword653'],
  ['09', '+', 'subject', 'Thư viện học', 'subdivisions'],
  ['09', '-', 'subject', 'Thư viện học--Tạp chí', 'subdivisions'],
  ['09', '+', 'identifier', 'URN:ISSN:1859-0004', 'issn022'],
  ['10', '+', 'language', 'vie', 'malformed008'],
  ['10', '-', 'language', 'vi', 'malformed008'],
  ['11', '+', 'language', 'vie', 'malformed008'],
  ['11', '-', 'language', 'vi', 'malformed008'],
  ['11', '+', 'subject', 'Ca trù', 'subdivisions'],
  ['11', '-', 'subject', 'Ca trù--Hà Nội (Việt Nam)', 'subdivisions'],
  ['12', '+', 'title', '大越史記全書', 'script880'],
  ['12', '+', 'type', 'manuscript', 'typeSplit'],
  ['12', '+', 'type', 'text', 'typeSplit'],
  ['12', '-', 'type', 'manuscripttext', 'typeSplit'],
  ['12', '+', 'language', 'vie', 'language041'],
  ['13', '+', 'subject', 'Tiếng Việt', 'subdivisions'],
  ['13', '-', 'subject', 'Tiếng Việt--Chữ viết', 'subdivisions'],
  ['14', '+', 'publisher', 'Tp. Hồ Chí Minh : Nxb. Trẻ,', 'rda264'],
  ['14', '+', 'date', '2019.', 'rda264'],
  ['15', '+', 'subject', 'Đặng Thùy Trâm, 1942-1970', 'subdivisions'],
  ['15', '-', 'subject', 'Đặng Thùy Trâm, 1942-1970--Nhật ký', 'subdivisions'],
  ['16', '+', 'language', 'vie', 'malformed008'],
  ['16', '-', 'language', 'ie', 'malformed008'],
  ['16', '+', 'subject', 'Luận án tiến sĩ', 'subdivisions'],
  ['16', '-', 'subject', 'Luận án tiến sĩ--Việt Nam--Cơ sở dữ liệu', 'subdivisions'],
]

const idOf = (r: MarcRecord): string => (r.fields.find(f => f.tag === '001') as { value: string }).value

const norm = (s: string): string => s.replace(/[ \t\r\n]+/g, ' ').trim()

/** name=value set of one DC record element, read back from XML. */
function pairs (dc: XmlElement): Set<string> {
  return new Set(dc.children.filter(c => c.uri === DC_NS).map(c => `${c.local}=${norm(stringValue(c))}`))
}

/** Sorted "id +|- item" lines for the records whose items (ours, oracle) differ. */
function differences (records: readonly MarcRecord[], ours: XmlElement[], oracle: XmlElement[], items: (e: XmlElement) => Set<string>): string[] {
  const out: string[] = []
  records.forEach((r, i) => {
    const id = idOf(r).slice(-2)
    const a = items(ours[i])
    const b = items(oracle[i])
    for (const x of a) if (!b.has(x)) out.push(`${id} + ${x}`)
    for (const x of b) if (!a.has(x)) out.push(`${id} - ${x}`)
  })
  return out.sort()
}

/** Sorted "id +|- name=value" lines for the records whose DC (ours, oracle) differ. */
export function dcDifferences (records: readonly MarcRecord[], ours: XmlElement[], oracle: XmlElement[]): string[] {
  return differences(records, ours, oracle, pairs)
}

export const listedDc = (d: readonly DcDiff[]): string[] => d.map(([id, side, name, value]) => `${id} ${side} ${name}=${value}`).sort()

export const MODS_REASONS = {
  keyword653: '653: one <subject><topic> per $a keyword; the stylesheet writes the whole field as one topic with the keywords glued together',
  directOrder700: '700/710 with first indicator 0 (Vietnamese names in direct order, "700 0_ $a Tạ Huy Long") are kept; the stylesheet maps 700 only for ind1 1 or 3 and drops them',
  natureOfContents: '008/24-27 "bm": every nature-of-contents code gives a genre (bibliography and theses); the stylesheet stops at the first match',
  primaryCorporate: '110 main entry gets usage="primary" like 100 (MODS 3.6 name/@usage); the stylesheet sets it for 100 only',
  malformed008: 'the 008 is 41 or 39 characters long: its language is read relative to the end, giving vie; the stylesheet takes characters 36-38 blindly ("vi", "ie")',
} as const
export type ModsReason = keyof typeof MODS_REASONS
export type ModsDiff = readonly [string, '+' | '-', string, ModsReason]

export const MODS_DIFFERENCES: readonly ModsDiff[] = [
  ['01', '+', '/subject/topic = Truyện Kiều', 'keyword653'],
  ['01', '+', '/subject/topic = Thơ lục bát', 'keyword653'],
  ['01', '+', '/subject/topic = Văn học trung đại', 'keyword653'],
  ['01', '-', '/subject/topic = Truyện KiềuThơ lục bátVăn học trung đại', 'keyword653'],
  ['04', '+', '/name[type=personal]/namePart = Tạ Huy Long', 'directOrder700'],
  ['04', '+', '/name[type=personal]/role/roleTerm[type=text] = minh họa.', 'directOrder700'],
  ['06', '+', '/name[type=personal]/namePart = Đoàn Thị Điểm', 'directOrder700'],
  ['06', '+', '/name[type=personal]/namePart[type=date] = 1705-1748', 'directOrder700'],
  ['06', '+', '/name[type=personal]/role/roleTerm[type=text] = dịch.', 'directOrder700'],
  ['07', '+', '/name[type=personal]/namePart = Lê Văn Đức', 'directOrder700'],
  ['07', '+', '/subject/topic = Khoa học thông tin', 'keyword653'],
  ['07', '+', '/subject/topic = Thư viện', 'keyword653'],
  ['07', '-', '/subject/topic = Khoa học thông tinThư viện', 'keyword653'],
  ['08', '+', '/name[type=personal]/namePart = Nguyễn Hữu Hùng', 'directOrder700'],
  ['08', '+', '/name[type=personal]/role/roleTerm[type=text] = người hướng dẫn.', 'directOrder700'],
  ['08', '+', '/genre[authority=marcgt] = theses', 'natureOfContents'],
  ['08', '+', '/subject/topic = OAI-PMH', 'keyword653'],
  ['08', '+', '/subject/topic = MARC21', 'keyword653'],
  ['08', '+', '/subject/topic = Dublin Core', 'keyword653'],
  ['08', '+', '/subject/topic = Liên thông thư viện', 'keyword653'],
  ['08', '-', '/subject/topic = OAI-PMHMARC21Dublin CoreLiên thông thư viện', 'keyword653'],
  ['10', '+', '/name[type=corporate,usage=primary]/namePart = Nhà xuất bản Tài nguyên - Môi trường và Bản đồ Việt Nam', 'primaryCorporate'],
  ['10', '-', '/name[type=corporate]/namePart = Nhà xuất bản Tài nguyên - Môi trường và Bản đồ Việt Nam', 'primaryCorporate'],
  ['10', '+', '/language/languageTerm[type=code,authority=iso639-2b] = vie', 'malformed008'],
  ['10', '-', '/language/languageTerm[type=code,authority=iso639-2b] = vi', 'malformed008'],
  ['11', '+', '/language/languageTerm[type=code,authority=iso639-2b] = vie', 'malformed008'],
  ['11', '-', '/language/languageTerm[type=code,authority=iso639-2b] = vi', 'malformed008'],
  ['14', '+', '/name[type=personal]/namePart = Hồ Ngọc Ánh', 'directOrder700'],
  ['14', '+', '/name[type=personal]/role/roleTerm[type=text] = dịch.', 'directOrder700'],
  ['16', '+', '/language/languageTerm[type=code,authority=iso639-2b] = vie', 'malformed008'],
  ['16', '-', '/language/languageTerm[type=code,authority=iso639-2b] = ie', 'malformed008'],
]

/** Attributes that change what a value means; the rest (script, altRepGroup, nameTitleGroup…) are grouping aids. */
const KEEP = ['type', 'authority', 'encoding', 'point', 'qualifier', 'objectPart', 'manuscript', 'collection', 'edition', 'eventType', 'displayLabel', 'usage', 'unit', 'invalid']

function leaves (e: XmlElement, path: string, out: Set<string>): void {
  if (e.local === 'recordOrigin') return
  const attrs = KEEP.filter(k => e.attrs[k] !== undefined).map(k => `${k}=${e.attrs[k]}`).join(',')
  const p = `${path}/${e.local}${attrs === '' ? '' : `[${attrs}]`}`
  if (e.children.length === 0) { const v = norm(e.text); if (v !== '') out.add(`${p} = ${v}`) }
  for (const c of e.children) leaves(c, p, out)
}
export function leafSet (mods: XmlElement): Set<string> {
  const out = new Set<string>()
  for (const c of mods.children) leaves(c, '', out)
  return out
}

/** Sorted "id +|- leaf" lines for the records whose MODS (ours, oracle) differ. */
export function modsDifferences (records: readonly MarcRecord[], ours: XmlElement[], oracle: XmlElement[]): string[] {
  return differences(records, ours, oracle, leafSet)
}

export const listedMods = (d: readonly ModsDiff[]): string[] => d.map(([id, side, leaf]) => `${id} ${side} ${leaf}`).sort()
