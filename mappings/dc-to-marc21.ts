/**
 * Simple Dublin Core → MARC 21, from the Library of Congress "Dublin Core to MARC Crosswalk"
 * (unqualified; research/marc.md §2.2), NOT from DC2MARC21slim.xsl, which loses publishers, dates,
 * identifiers and contributors (see shared/data/xslt/README.md).
 *
 * Decisions:
 * - The first dc:creator is the main entry: 110 2_ when it starts with a word that names an
 *   organisation (ORGANISATION_WORDS: "Viện", "Trường", "Hội", …), else 100 — ind1 0 (forename /
 *   direct order, as Vietnamese names are written: "Nguyễn Du") unless it holds a comma ("Lê, Minh
 *   Đức" is inverted: ind1 1). DC2MARC21slim.xsl puts every creator in 100 1_, which is wrong for
 *   Vietnamese names. Further creators go to 700/710 the same way; contributors to 720 (their kind is
 *   unknown, as the LoC table says). Roles are MARC relator codes in $4 (aut, ctb), language-neutral.
 * - 245 ind1 is 1 when there is a main entry, 0 otherwise (MARC 21 245 first indicator).
 * - dc:date: the first value without a time of day is the publication date (DSpace repeats its
 *   accession timestamps, "2023-11-02T07:15:30Z", in dc:date); it goes to 260 $c and its year to
 *   008/07-10. Other dates are not mapped.
 * - dc:identifier: URLs → 856 40 $u; ISBN / ISSN (with or without a "URN:ISBN:" or "ISSN " prefix) →
 *   020 / 022; DOIs → 024 7_ $2 doi; anything else → 024 8_.
 * - dc:subject: a bare Dewey number ("020", "895.9221") → 082 04 $a; everything else → 653.
 * - dc:format: a media type ("application/pdf") → 856 $q (in the first 856 when there is a URL);
 *   anything else ("24 cm") → 340 $a.
 * - dc:language: a recognised code or name (vi, vie, "Tiếng Việt") → 041 0_ $a and the first one to
 *   008/35-37 (ISO 639-2/B); a name, or anything unrecognised, is also kept as written in 546 $a.
 * - 001 and 005 are not written: the record's identity and stamp belong to the store, and the
 *   output must not depend on the clock. 008/00-05 (date entered on file) is blank for the same reason.
 */
import type { DcElementName, DcRecord } from '../src/model/dc.js'
import type { ControlField, DataField, MarcRecord, Subfield } from '../src/model/marc.js'
import { exactKey } from '../src/text/fold.js'

/** One row of the DC → MARC table, for review; the interpreter below implements each `rule`. */
export interface DcToMarcRow {
  readonly dc: DcElementName
  readonly marc: string
  readonly rule: 'title' | 'creator' | 'contributor' | 'subject' | 'description' | 'publisher' | 'date' | 'type' | 'format' | 'identifier' | 'source' | 'language' | 'relation' | 'coverage' | 'rights'
}

export const DC_TO_MARC: readonly DcToMarcRow[] = [
  { dc: 'title', marc: '245 _0 $a (first); 246 33 $a (others)', rule: 'title' },
  { dc: 'creator', marc: '100 0_/1_ or 110 2_ $a $4 aut (first); 700/710 (others)', rule: 'creator' },
  { dc: 'contributor', marc: '720 __ $a $4 ctb', rule: 'contributor' },
  { dc: 'subject', marc: '653 __ $a; a Dewey number → 082 04 $a', rule: 'subject' },
  { dc: 'description', marc: '520 __ $a', rule: 'description' },
  { dc: 'publisher', marc: '260 __ $b', rule: 'publisher' },
  { dc: 'date', marc: '260 __ $c; year → 008/07-10', rule: 'date' },
  { dc: 'type', marc: '655 _7 $a $2 local; Leader/06-07', rule: 'type' },
  { dc: 'format', marc: '856 $q (media type) or 340 $a', rule: 'format' },
  { dc: 'identifier', marc: '856 40 $u, 020 $a, 022 $a, 024 7_ $a $2 doi, 024 8_ $a', rule: 'identifier' },
  { dc: 'source', marc: '786 0_ $n', rule: 'source' },
  { dc: 'language', marc: '041 0_ $a + 008/35-37 (codes); 546 __ $a (names, others)', rule: 'language' },
  { dc: 'relation', marc: '787 0_ $n', rule: 'relation' },
  { dc: 'coverage', marc: '500 __ $a', rule: 'coverage' },
  { dc: 'rights', marc: '540 __ $a', rule: 'rights' },
]

/**
 * dc:type words (lower case, DCMI Type Vocabulary, the LoC MARC→DC type words, and the Vietnamese
 * and DSpace terms seen in practice) → Leader/06 and Leader/07.
 */
export const DC_TYPE_TO_LEADER: Readonly<Record<string, readonly [string, string]>> = {
  text: ['a', 'm'], book: ['a', 'm'], thesis: ['a', 'm'], dissertation: ['a', 'm'], 'technical report': ['a', 'm'],
  'sách': ['a', 'm'], 'văn bản': ['a', 'm'], 'luận văn': ['a', 'm'], 'luận án': ['a', 'm'], 'giáo trình': ['a', 'm'],
  article: ['a', 'a'], 'bài báo': ['a', 'a'], 'bài trích': ['a', 'a'],
  journal: ['a', 's'], periodical: ['a', 's'], serial: ['a', 's'], 'tạp chí': ['a', 's'], 'báo': ['a', 's'],
  manuscript: ['t', 'm'], 'bản thảo': ['t', 'm'], 'bản viết tay': ['t', 'm'],
  collection: ['p', 'c'], 'mixed material': ['p', 'm'], 'bộ sưu tập': ['p', 'c'],
  dataset: ['m', 'm'], software: ['m', 'm'], 'interactive resource': ['m', 'm'], interactiveresource: ['m', 'm'], service: ['m', 'm'],
  'software, multimedia': ['m', 'm'], 'phần mềm': ['m', 'm'], 'cơ sở dữ liệu': ['m', 'm'],
  image: ['k', 'm'], 'still image': ['k', 'm'], stillimage: ['k', 'm'], photograph: ['k', 'm'], 'hình ảnh': ['k', 'm'], 'ảnh': ['k', 'm'],
  'moving image': ['g', 'm'], movingimage: ['g', 'm'], video: ['g', 'm'], film: ['g', 'm'], 'phim': ['g', 'm'],
  sound: ['i', 'm'], 'sound recording': ['i', 'm'], audio: ['i', 'm'], 'ghi âm': ['i', 'm'],
  music: ['j', 'm'], 'sound recording-musical': ['j', 'm'], 'âm nhạc': ['j', 'm'],
  'notated music': ['c', 'm'], score: ['c', 'm'], 'bản nhạc': ['c', 'm'],
  map: ['e', 'm'], cartographic: ['e', 'm'], 'bản đồ': ['e', 'm'],
  'physical object': ['r', 'm'], physicalobject: ['r', 'm'], 'three dimensional object': ['r', 'm'], event: ['r', 'm'], 'hiện vật': ['r', 'm'],
}

/**
 * Languages as they appear in dc:language (ISO 639-1, 639-2/B and /T, English and Vietnamese names,
 * lower case) → the MARC code (ISO 639-2/B).
 */
export const LANGUAGE_TO_MARC: Readonly<Record<string, string>> = {
  vi: 'vie', vie: 'vie', 'tiếng việt': 'vie', vietnamese: 'vie', 'việt': 'vie', 'vi-vn': 'vie',
  en: 'eng', eng: 'eng', 'tiếng anh': 'eng', english: 'eng', 'en-us': 'eng', 'en-gb': 'eng',
  zh: 'chi', chi: 'chi', zho: 'chi', 'tiếng trung': 'chi', 'tiếng hán': 'chi', 'chữ hán': 'chi', 'hán văn': 'chi', chinese: 'chi',
  fr: 'fre', fre: 'fre', fra: 'fre', 'tiếng pháp': 'fre', french: 'fre',
  ru: 'rus', rus: 'rus', 'tiếng nga': 'rus', russian: 'rus',
  de: 'ger', ger: 'ger', deu: 'ger', 'tiếng đức': 'ger', german: 'ger',
  ja: 'jpn', jpn: 'jpn', 'tiếng nhật': 'jpn', japanese: 'jpn',
  ko: 'kor', kor: 'kor', 'tiếng hàn': 'kor', korean: 'kor',
  lo: 'lao', lao: 'lao', 'tiếng lào': 'lao',
  km: 'khm', khm: 'khm', 'tiếng khmer': 'khm', 'tiếng campuchia': 'khm',
  th: 'tha', tha: 'tha', 'tiếng thái': 'tha',
  es: 'spa', spa: 'spa', 'tiếng tây ban nha': 'spa', spanish: 'spa',
  la: 'lat', lat: 'lat', latin: 'lat', 'tiếng la tinh': 'lat',
}

/** First words that make a creator an organisation (110/710) rather than a person (100/700). Lower case. */
export const ORGANISATION_WORDS: readonly string[] = [
  'viện', 'trường', 'hội', 'nhà xuất bản', 'nxb', 'bộ', 'sở', 'trung tâm', 'thư viện', 'đại học', 'học viện',
  'ban', 'công ty', 'ủy ban', 'uỷ ban', 'câu lạc bộ', 'tổng cục', 'cục', 'liên hiệp', 'tạp chí', 'tổ chức', 'khoa', 'phòng',
  'university', 'institute', 'library', 'association', 'society', 'department', 'ministry', 'committee', 'center', 'centre', 'council',
]

const MIME_TYPE = /^[a-z]+\/[a-z0-9.+-]+$/i
const URL = /^(https?|ftp):\/\/\S+$/i
const DOI = /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i
const ISBN = /^(?:urn:isbn:|isbn[:\s]*)([0-9][0-9 -]{8,15}[0-9xX])$/i
const ISSN = /^(?:urn:issn:|issn[:\s]*)(\d{4}-?\d{3}[\dxX])$/i
const LANGUAGE_CODE_FORM = /^[a-z]{2,3}(-[a-z]{2})?$/i
const DEWEY = /^\d{3}(?:\.\d+)?$/
const YEAR = /(?:^|[^0-9])(1[0-9]{3}|20[0-9]{2})(?![0-9])/

function isOrganisation (name: string): boolean {
  const key = exactKey(name)
  for (const w of ORGANISATION_WORDS) if (key.startsWith(w) && (key.length === w.length || /[\s.,]/.test(key[w.length]))) return true
  return false
}

function df (tag: string, ind1: string, ind2: string, ...subfields: Array<readonly [string, string]>): DataField {
  return { tag, ind1, ind2, subfields: subfields.map(([code, value]): Subfield => ({ code, value })) }
}

/** The publication date among dc:date values: the first without a time of day, else the first. */
function publicationDate (dates: readonly string[]): string | undefined {
  return dates.find(d => !/\dT\d/.test(d)) ?? dates[0]
}

function languageCode (value: string): string | undefined {
  return LANGUAGE_TO_MARC[exactKey(value).trim()]
}

/**
 * Builds a MARC 21 bibliographic record from simple Dublin Core following {@link DC_TO_MARC}.
 * Fields come out in tag order; values are taken as they are (DC carries no ISBD punctuation).
 */
export function dcToMarc (dc: DcRecord): MarcRecord {
  const by = (name: DcElementName): string[] => {
    const out: string[] = []
    for (const e of dc.elements) if (e.name === name) { const v = e.value.trim(); if (v !== '') out.push(v) }
    return out
  }
  const fields: DataField[] = [df('042', ' ', ' ', ['a', 'dc'])]

  const creators = by('creator')
  creators.forEach((name, i) => {
    const org = isOrganisation(name)
    const tag = (i === 0 ? (org ? '110' : '100') : (org ? '710' : '700'))
    fields.push(df(tag, org ? '2' : (name.includes(',') ? '1' : '0'), ' ', ['a', name], ['4', 'aut']))
  })
  for (const name of by('contributor')) fields.push(df('720', ' ', ' ', ['a', name], ['4', 'ctb']))

  const titles = by('title')
  if (titles.length > 0) fields.push(df('245', creators.length > 0 ? '1' : '0', '0', ['a', titles[0]]))
  for (const t of titles.slice(1)) fields.push(df('246', '3', '3', ['a', t]))

  for (const s of by('subject')) fields.push(DEWEY.test(s) ? df('082', '0', '4', ['a', s]) : df('653', ' ', ' ', ['a', s]))
  for (const d of by('description')) fields.push(df('520', ' ', ' ', ['a', d]))

  const publishers = by('publisher')
  const date = publicationDate(by('date'))
  if (publishers.length > 0 || date !== undefined) {
    const sf: Array<readonly [string, string]> = publishers.map(p => ['b', p] as const)
    if (date !== undefined) sf.push(['c', date])
    fields.push(df('260', ' ', ' ', ...sf))
  }

  let leader6 = 'a'
  let leader7 = 'm'
  let typed = false
  for (const t of by('type')) {
    fields.push(df('655', ' ', '7', ['a', t], ['2', 'local']))
    const l = DC_TYPE_TO_LEADER[exactKey(t)]
    if (l === undefined) continue
    if (!typed) { [leader6, leader7] = l; typed = true } else if (l[0] === 't' && leader6 === 'a') leader6 = 't' // "Text" + "Manuscript"
    if (l[1] === 'c') leader7 = 'c'
  }

  const urls: string[] = []
  for (const id of by('identifier')) {
    let m: RegExpExecArray | null
    if ((m = DOI.exec(id)) !== null) fields.push(df('024', '7', ' ', ['a', m[1]], ['2', 'doi']))
    else if (URL.test(id)) urls.push(id)
    else if ((m = ISBN.exec(id)) !== null) fields.push(df('020', ' ', ' ', ['a', m[1].replace(/[ -]/g, '')]))
    else if ((m = ISSN.exec(id)) !== null) fields.push(df('022', ' ', ' ', ['a', m[1].includes('-') ? m[1] : `${m[1].slice(0, 4)}-${m[1].slice(4)}`]))
    else fields.push(df('024', '8', ' ', ['a', id]))
  }
  const mediaTypes: string[] = []
  for (const f of by('format')) {
    if (MIME_TYPE.test(f)) mediaTypes.push(f); else fields.push(df('340', ' ', ' ', ['a', f]))
  }
  urls.forEach((u, i) => fields.push(df('856', '4', '0', ['u', u], ...(i === 0 ? mediaTypes.map(q => ['q', q] as const) : []))))
  if (urls.length === 0) for (const q of mediaTypes) fields.push(df('856', ' ', ' ', ['q', q]))

  for (const s of by('source')) fields.push(df('786', '0', ' ', ['n', s]))

  const codes: string[] = []
  for (const l of by('language')) {
    const code = languageCode(l)
    if (code !== undefined && !codes.includes(code)) codes.push(code)
    // A code says it all; a name ("Tiếng Việt") or an unknown value is kept as the cataloguer wrote it.
    if (code === undefined || !LANGUAGE_CODE_FORM.test(l)) fields.push(df('546', ' ', ' ', ['a', l]))
  }
  if (codes.length > 0) fields.push(df('041', '0', ' ', ...codes.map(c => ['a', c] as const)))

  for (const r of by('relation')) fields.push(df('787', '0', ' ', ['n', r]))
  for (const c of by('coverage')) fields.push(df('500', ' ', ' ', ['a', c]))
  for (const r of by('rights')) fields.push(df('540', ' ', ' ', ['a', r]))

  fields.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0)) // stable: keeps DC order within a tag

  const year = date === undefined ? undefined : YEAR.exec(date)?.[1]
  // 008 for books and the like (MARC 21 008/18-34 are left to fill characters: not coded).
  const f008 = '      ' + (year === undefined ? 'nuuuu' : 's' + year) + '    ' + 'xx ' +
    '|'.repeat(17) + (codes[0] ?? 'und') + ' d'
  const control: ControlField[] = [{ tag: '008', value: f008 }]
  // Leader: n (new), type, level, blank, a (UCS), 22, base address (writer), 3 (abbreviated level: a DC
  // record is less than minimal cataloguing), u (descriptive form unknown), 4500.
  const leader = `00000n${leader6}${leader7} a22000003u 4500`
  return { leader, fields: [...control, ...fields] }
}
