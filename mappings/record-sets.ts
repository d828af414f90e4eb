import type { DcRecord } from '../src/model/dc.js'
import type { Isil } from '../src/model/isil.js'
import type { MarcRecord } from '../src/model/marc.js'
import { foldKey } from '../src/text/fold.js'
import { DC_TYPE_TO_LEADER } from './dc-to-marc21.js'

/**
 * The OAI-PMH sets of a record (setSpec syntax, OAI-PMH 2.0 §2.7.2: `:`-separated hierarchy).
 * Every record is in `library:{ISIL}` (CONTRACT.md) and in one `type:{kind}` set. A record in
 * `type:book` is also in the parent set `type`; the store materialises parents (see setAncestors).
 */
export const RECORD_TYPES = [
  'book', 'serial', 'map', 'music', 'sound', 'video', 'image', 'manuscript', 'electronic', 'mixed',
  'object', 'kit', 'other',
] as const
export type RecordType = typeof RECORD_TYPES[number]

/**
 * MARC 21 Bibliographic leader/06 (type of record) → kind; leader/07 (bibliographic level) refines
 * language material into monograph vs continuing resource (b serial component part, i integrating
 * resource, s serial). https://www.loc.gov/marc/bibliographic/bdleader.html
 */
export const LEADER06_TYPE: Readonly<Record<string, RecordType>> = {
  a: 'book', // language material (serial when leader/07 is b, i or s)
  c: 'music', // notated music
  d: 'music', // manuscript notated music
  e: 'map', // cartographic material
  f: 'map', // manuscript cartographic material
  g: 'video', // projected medium
  i: 'sound', // nonmusical sound recording
  j: 'sound', // musical sound recording
  k: 'image', // two-dimensional nonprojectable graphic
  m: 'electronic', // computer file
  o: 'kit',
  p: 'mixed', // mixed materials
  r: 'object', // three-dimensional artifact or naturally occurring object
  t: 'manuscript', // manuscript language material
}

const SERIAL_LEVELS = 'bis'

/** The kind of a MARC record from its leader. */
export function marcType (leader: string): RecordType {
  const t6 = leader.charAt(6)
  const kind = LEADER06_TYPE[t6] ?? 'other'
  if (kind === 'book' && SERIAL_LEVELS.includes(leader.charAt(7))) return 'serial'
  return kind
}

/**
 * A dc:type that is one of the type words DC → MARC knows (mappings/dc-to-marc21.ts) takes the kind
 * of the leader it maps to: one table for both, so `bài báo` (article) is a book here as there.
 */
const DC_TYPE_KIND: ReadonlyMap<string, RecordType> = new Map(
  Object.entries(DC_TYPE_TO_LEADER).map(([word, [t6, t7]]) => [foldKey(word), marcType(`000000${t6}${t7}`)])
)

/**
 * Free-text dc:type values (DSpace/EPrints, Vietnamese labels) that are not one of those words →
 * kind, matched on the folded value (tone marks and đ removed, lower case); first row wins. Articles
 * and reports come before the serial row, whose `bao` (newspaper) would otherwise take `bai bao`
 * (article) and `bao cao` (report).
 */
const DC_TYPE_PATTERNS: ReadonlyArray<readonly [RegExp, RecordType]> = [
  [/\b(article|bai bao|bao cao|report)\b/, 'book'],
  [/\b(journal|serial|periodical|magazine|newspaper|tap chi|bao)\b/, 'serial'],
  [/\b(map|cartographic|ban do)\b/, 'map'],
  [/\b(moving ?image|video|film|phim)\b/, 'video'],
  [/\b(sound|audio|am thanh|ghi am)\b/, 'sound'],
  [/\b(musical score|score|ban nhac)\b/, 'music'],
  [/\b(still ?image|image|photograph|picture|hinh anh|anh)\b/, 'image'],
  [/\b(manuscript|ban thao)\b/, 'manuscript'],
  [/\b(software|dataset|interactive ?resource|electronic|service|phan mem|du lieu)\b/, 'electronic'],
  [/\b(physical ?object|object|hien vat)\b/, 'object'],
  [/\b(collection|bo suu tap)\b/, 'mixed'],
  [/\b(text|book|thesis|dissertation|article|report|chapter|preprint|working paper|sach|luan van|luan an|bai bao|bao cao|tai lieu)\b/, 'book'],
]

/**
 * The kind of a Dublin Core record. Known type words first (DC_TYPE_KIND), the most specific of them
 * winning over plain text (`Text` + `Manuscript` → manuscript); else the first row of
 * DC_TYPE_PATTERNS any dc:type matches; 'other' when none does.
 */
export function dcType (r: DcRecord): RecordType {
  const types = r.elements.filter(e => e.name === 'type').map(e => foldKey(e.value).trim())
  const known = types.map(v => DC_TYPE_KIND.get(v)).filter((k): k is RecordType => k !== undefined)
  if (known.length > 0) return known.find(k => k !== 'book') ?? 'book'
  for (const [re, kind] of DC_TYPE_PATTERNS) if (types.some(v => re.test(v))) return kind
  return 'other'
}

/** The sets of a record, in a stable order: `library:{ISIL}`, then `type:{kind}`. */
export function recordSets (isil: Isil, rec: { readonly marc: MarcRecord | null, readonly dc: DcRecord | null }): string[] {
  const kind = rec.marc !== null ? marcType(rec.marc.leader) : rec.dc !== null ? dcType(rec.dc) : 'other'
  return [`library:${isil}`, `type:${kind}`]
}

/** `a:b:c` → [`a`, `a:b`]: the parent sets a record in `a:b:c` belongs to as well (OAI-PMH §2.7.2). */
export function setAncestors (spec: string): string[] {
  const out: string[] = []
  for (let i = spec.indexOf(':'); i >= 0; i = spec.indexOf(':', i + 1)) out.push(spec.slice(0, i))
  return out
}

export interface SetName { readonly vi: string, readonly en: string }

/** The name of each kind (`type:{kind}`), in Vietnamese and English: one entry per RecordType, checked by the compiler. */
const TYPE_NAMES: Readonly<Record<RecordType, SetName>> = {
  book: { vi: 'Sách', en: 'Books and other language material' },
  serial: { vi: 'Ấn phẩm định kỳ', en: 'Serials' },
  map: { vi: 'Bản đồ', en: 'Maps' },
  music: { vi: 'Bản nhạc', en: 'Notated music' },
  sound: { vi: 'Tài liệu ghi âm', en: 'Sound recordings' },
  video: { vi: 'Tài liệu nghe nhìn', en: 'Video and projected media' },
  image: { vi: 'Tài liệu hình ảnh', en: 'Images' },
  manuscript: { vi: 'Bản thảo', en: 'Manuscripts' },
  electronic: { vi: 'Tài liệu điện tử', en: 'Electronic resources' },
  mixed: { vi: 'Tài liệu hỗn hợp', en: 'Mixed materials' },
  object: { vi: 'Hiện vật', en: 'Three-dimensional objects' },
  kit: { vi: 'Bộ tài liệu', en: 'Kits' },
  other: { vi: 'Loại khác', en: 'Other material' },
}

/** setSpec → setName for OAI ListSets, in Vietnamese and English. `library:{ISIL}` is built by setName(). */
const SET_NAMES: Readonly<Record<string, SetName>> = {
  library: { vi: 'Thư viện', en: 'Libraries' },
  type: { vi: 'Loại tài liệu', en: 'Types of material' },
  ...Object.fromEntries(Object.entries(TYPE_NAMES).map(([kind, name]) => [`type:${kind}`, name])),
}

/**
 * The name of a set in both languages. `library:{ISIL}` sets are named after the ISIL (libgate knows
 * no library names); an unknown spec is named by itself.
 */
export function setName (spec: string): SetName {
  const known = SET_NAMES[spec]
  if (known !== undefined) return known
  if (spec.startsWith('library:')) {
    const isil = spec.slice('library:'.length)
    return { vi: `Thư viện ${isil}`, en: `Library ${isil}` }
  }
  return { vi: spec, en: spec }
}
