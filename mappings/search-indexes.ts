import type { DcElementName, DcRecord } from '../src/model/dc.js'
import type { DataField, MarcRecord } from '../src/model/marc.js'
import type { IndexName } from '../src/model/query.js'
import { foldKey } from '../src/text/fold.js'

/**
 * Which parts of a record feed which search index: one row per source, reviewable by a librarian
 * (STYLE.md P11), and a small interpreter (extractMarc / extractDc) that the store runs at write time.
 *
 * Index names are those of src/model/query.ts. Each row says how a value is indexed:
 * - `words`: its words are searchable (word, phrase and truncation matching); `any` sees them all;
 * - `key`: the whole value is a heading: exact match, ordered comparison, scan and sort use it;
 * - `both` (default).
 * Rows with index `any` feed only the `any` index (notes and the like).
 */
/** The indexes a record's content feeds; library, localId and datestamp come from its identity and stamp. */
export type IndexedName = Exclude<IndexName, 'library' | 'localId' | 'datestamp'>
export type IndexedAs = 'words' | 'key' | 'both'

/**
 * How a source value becomes index values:
 * - `text`: as catalogued, less trailing ISBD punctuation (` /`, ` :`, ` ;`, `,`, `.`, `=`);
 * - `code`: trimmed, nothing else (identifiers, URLs);
 * - `year`: every 4-digit year in it (`c1998, 2001.` → 1998, 2001; `uuuu` → none);
 * - `isbn`: the ISBN in it, as ISBN-13 without hyphens (an ISBN-10 is converted), see normalizeIsbn;
 * - `issn`: the ISSN in it, 8 characters without the hyphen;
 * - `language`: ISO 639-2 codes (041 `$a viefre` → vie, fre; `vi`, `Tiếng Việt` → vie).
 */
export type Extract = 'text' | 'code' | 'year' | 'isbn' | 'issn' | 'language'

export interface MarcIndexRow {
  readonly index: IndexedName
  /** A tag, or a pattern with X for any digit ('5XX'). 880 fields count as the tag their $6 links to. */
  readonly tag: string
  /** Data fields: the subfields taken, joined by a space (or one value each with `each`). */
  readonly subfields?: string
  /** Control fields: character positions [from, to) (008/07-10 is [7, 11]); absent: the whole value. */
  readonly positions?: readonly [number, number]
  readonly each?: boolean
  readonly extract?: Extract
  readonly as?: IndexedAs
  /** 245: indicator 2 gives the number of non-filing characters skipped by the sort key. */
  readonly nonFiling?: 'ind1' | 'ind2'
}

export const MARC_INDEXES: readonly MarcIndexRow[] = [
  // title
  { index: 'title', tag: '245', subfields: 'abfgknps', nonFiling: 'ind2' },
  { index: 'title', tag: '246', subfields: 'abnp' },
  { index: 'title', tag: '130', subfields: 'adfgklmnoprs', nonFiling: 'ind1' },
  { index: 'title', tag: '240', subfields: 'adfgklmnoprs', nonFiling: 'ind2' },
  { index: 'title', tag: '730', subfields: 'adfgklmnoprs', nonFiling: 'ind1' },
  { index: 'title', tag: '740', subfields: 'anp', nonFiling: 'ind1' },
  { index: 'title', tag: '490', subfields: 'a' },
  { index: 'title', tag: '830', subfields: 'anp', nonFiling: 'ind2' },
  // author: headings without dates as keys; the dates are searchable words
  { index: 'author', tag: '100', subfields: 'abcq', as: 'key' },
  { index: 'author', tag: '100', subfields: 'abcdq', as: 'words' },
  { index: 'author', tag: '110', subfields: 'abcdn' },
  { index: 'author', tag: '111', subfields: 'acdenq' },
  { index: 'author', tag: '700', subfields: 'abcq', as: 'key' },
  { index: 'author', tag: '700', subfields: 'abcdq', as: 'words' },
  { index: 'author', tag: '710', subfields: 'abcdn' },
  { index: 'author', tag: '711', subfields: 'acdenq' },
  { index: 'author', tag: '720', subfields: 'a' },
  // subject: the main heading is the key; subdivisions are searchable words
  { index: 'subject', tag: '600', subfields: 'abcdq', as: 'key' },
  { index: 'subject', tag: '600', subfields: 'abcdqtvxyz', as: 'words' },
  { index: 'subject', tag: '610', subfields: 'ab', as: 'key' },
  { index: 'subject', tag: '610', subfields: 'abtvxyz', as: 'words' },
  { index: 'subject', tag: '611', subfields: 'acdn', as: 'key' },
  { index: 'subject', tag: '611', subfields: 'acdntvxyz', as: 'words' },
  { index: 'subject', tag: '630', subfields: 'a', as: 'key' },
  { index: 'subject', tag: '630', subfields: 'adfklmnoprstvxyz', as: 'words' },
  { index: 'subject', tag: '650', subfields: 'a', as: 'key' },
  { index: 'subject', tag: '650', subfields: 'abvxyz', as: 'words' },
  { index: 'subject', tag: '651', subfields: 'a', as: 'key' },
  { index: 'subject', tag: '651', subfields: 'avxyz', as: 'words' },
  { index: 'subject', tag: '653', subfields: 'a', each: true },
  { index: 'subject', tag: '655', subfields: 'a', as: 'words' },
  // identifiers
  { index: 'isbn', tag: '020', subfields: 'az', each: true, extract: 'isbn', as: 'key' },
  { index: 'issn', tag: '022', subfields: 'ayz', each: true, extract: 'issn', as: 'key' },
  { index: 'identifier', tag: '001', extract: 'code' },
  { index: 'identifier', tag: '020', subfields: 'az', each: true, extract: 'isbn' },
  { index: 'identifier', tag: '022', subfields: 'ayz', each: true, extract: 'issn' },
  { index: 'identifier', tag: '024', subfields: 'a', each: true, extract: 'code' },
  { index: 'identifier', tag: '035', subfields: 'a', each: true, extract: 'code' },
  { index: 'identifier', tag: '856', subfields: 'u', each: true, extract: 'code' },
  // date: years of publication
  { index: 'date', tag: '008', positions: [7, 11], extract: 'year' },
  { index: 'date', tag: '260', subfields: 'c', each: true, extract: 'year' },
  { index: 'date', tag: '264', subfields: 'c', each: true, extract: 'year' },
  // publisher
  { index: 'publisher', tag: '260', subfields: 'b', each: true },
  { index: 'publisher', tag: '264', subfields: 'b', each: true },
  // language
  { index: 'language', tag: '008', positions: [35, 38], extract: 'language' },
  { index: 'language', tag: '041', subfields: 'ad', each: true, extract: 'language' },
  // the rest of `any`
  { index: 'any', tag: '082', subfields: 'a', as: 'words' },
  { index: 'any', tag: '250', subfields: 'ab', as: 'words' },
  { index: 'any', tag: '260', subfields: 'a', as: 'words' },
  { index: 'any', tag: '264', subfields: 'a', as: 'words' },
  { index: 'any', tag: '300', subfields: 'abc', as: 'words' },
  { index: 'any', tag: '5XX', subfields: 'abcdefghijklmnopqrstuvwxyz', as: 'words' },
]

export interface DcIndexRow {
  readonly index: IndexedName
  readonly element: DcElementName
  readonly extract?: Extract
  readonly as?: IndexedAs
}

export const DC_INDEXES: readonly DcIndexRow[] = [
  { index: 'title', element: 'title' },
  { index: 'author', element: 'creator' },
  { index: 'author', element: 'contributor' },
  { index: 'subject', element: 'subject' },
  { index: 'publisher', element: 'publisher' },
  { index: 'date', element: 'date', extract: 'year' },
  { index: 'language', element: 'language', extract: 'language' },
  { index: 'type', element: 'type' },
  { index: 'identifier', element: 'identifier', extract: 'code' },
  // dc:identifier holds ISBNs and ISSNs as free text ("ISBN 978-…", "urn:issn:…"); see dcIdentifier
  { index: 'isbn', element: 'identifier', extract: 'isbn', as: 'key' },
  { index: 'issn', element: 'identifier', extract: 'issn', as: 'key' },
  { index: 'any', element: 'description', as: 'words' },
  { index: 'any', element: 'coverage', as: 'words' },
  { index: 'any', element: 'source', as: 'words' },
  { index: 'any', element: 'relation', as: 'words' },
  { index: 'any', element: 'rights', as: 'words' },
  { index: 'any', element: 'format', as: 'words' },
]

/** One value for one index, as the interpreter found it. */
export interface IndexEntry {
  readonly index: IndexedName
  readonly value: string // NFC, as catalogued (display form for scan)
  readonly as: IndexedAs
  readonly skip: number // leading non-filing characters, for the sort key
}

// ---------------------------------------------------------------------------------------------
// value normalisers (shared with query evaluation so that a term and a value normalise alike)

const SPACES = /\s+/gu

/** The characters of `\s` (ECMAScript WhiteSpace and LineTerminator). */
function isSpace (c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
}

// Called through the prototype's function, not read off each string: see src/search/keys.ts.
const charCodeAt = String.prototype.charCodeAt

/** ASCII only: foldKey is then just lower case (008/35-37 and 041 codes, the usual language values). */
function isAscii (s: string): boolean {
  const n = s.length
  for (let i = 0; i < n; i++) if (charCodeAt.call(s, i) >= 0x80) return false
  return true
}

/** A heading as catalogued, less trailing ISBD punctuation and with single spaces. */
export function cleanText (s: string): string {
  // Runs for every indexed value: the regular expressions only when spacing needs fixing.
  let t = s
  const n = s.length
  for (let i = 0; i < n; i++) {
    const c = charCodeAt.call(s, i)
    if (c === 0x20 ? (i === 0 || i === n - 1 || charCodeAt.call(s, i + 1) === 0x20) : isSpace(c)) {
      t = s.replace(SPACES, ' ').trim()
      break
    }
  }
  const len = t.length
  let end = len
  for (;;) {
    const c = end > 0 ? charCodeAt.call(t, end - 1) : -1
    if (c === 0x2f || c === 0x3a || c === 0x3b || c === 0x2c || c === 0x3d || c === 0x2e || (c >= 0 && isSpace(c))) end--
    else break
  }
  return end === len ? t : t.slice(0, end)
}

function isbn10Check (d9: string): string {
  let sum = 0
  for (let i = 0; i < 9; i++) sum += (10 - i) * (d9.charCodeAt(i) - 48)
  const c = (11 - (sum % 11)) % 11
  return c === 10 ? 'X' : String(c)
}

function isbn13Check (d12: string): string {
  let sum = 0
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * (d12.charCodeAt(i) - 48)
  return String((10 - (sum % 10)) % 10)
}

const ISBN_CANDIDATE = /(?:97[89][\s-]?)?\d[\d\s-]{7,15}[\dXx]/

/**
 * The ISBN in `s` as 13 digits (an ISBN-10 becomes 978 + its first nine digits + a new check digit),
 * so ISBN-10 and ISBN-13, with or without hyphens, meet on one key. Check digits of the source are
 * not verified (catalogues carry wrong ones; the same function runs on the query term).
 * Undefined when `s` holds no 10- or 13-character ISBN.
 */
export function normalizeIsbn (s: string): string | undefined {
  const m = ISBN_CANDIDATE.exec(s)
  if (m === null) return undefined
  const d = m[0].replace(/[\s-]/g, '').toUpperCase()
  if (/^\d{9}[\dX]$/.test(d)) {
    const d12 = '978' + d.slice(0, 9)
    return d12 + isbn13Check(d12)
  }
  if (/^\d{13}$/.test(d)) return d
  return undefined
}

/** The ISBN-10 form of a 978 ISBN-13 (for display and `any`), else undefined. */
export function isbn13To10 (isbn13: string): string | undefined {
  if (!/^978\d{10}$/.test(isbn13)) return undefined
  const d9 = isbn13.slice(3, 12)
  return d9 + isbn10Check(d9)
}

/** The ISSN in `s` as 8 characters without the hyphen (`1859-0004` → `18590004`), else undefined. */
export function normalizeIssn (s: string): string | undefined {
  const m = /(?<![\dXx])(\d{4})[\s-]?(\d{3}[\dXx])(?![\dXx])/.exec(s)
  return m === null ? undefined : (m[1] + m[2]).toUpperCase()
}

/** Every 4-digit year in `s` (positions 7-10 of 008, 260 $c, dc:date). */
export function years (s: string): string[] {
  return s.match(/(?<!\d)\d{4}(?!\d)/g) ?? []
}

/** ISO 639-1 and language names (folded) → ISO 639-2/B, for the languages Vietnamese libraries hold. */
export const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  vi: 'vie', 'tieng viet': 'vie', vietnamese: 'vie', 'viet': 'vie',
  en: 'eng', 'tieng anh': 'eng', english: 'eng',
  fr: 'fre', fra: 'fre', 'tieng phap': 'fre', french: 'fre',
  zh: 'chi', zho: 'chi', 'tieng trung': 'chi', 'han': 'chi', 'han nom': 'chi', chinese: 'chi',
  ru: 'rus', 'tieng nga': 'rus', russian: 'rus',
  ja: 'jpn', 'tieng nhat': 'jpn', japanese: 'jpn',
  ko: 'kor', 'tieng han': 'kor', korean: 'kor',
  de: 'ger', deu: 'ger', 'tieng duc': 'ger', german: 'ger',
  lo: 'lao', km: 'khm', th: 'tha',
}

/** Language codes in `s`: a run of 3-letter MARC codes (`viefre`), a 639-1 code or a name. */
export function languages (s: string): string[] {
  const f = (isAscii(s) ? s.toLowerCase() : foldKey(s)).trim()
  if (f === '' || f === '   ' || /^\|+$/.test(f)) return []
  const named = LANGUAGE_NAMES[f]
  if (named !== undefined) return [named]
  if (/^[a-z]{3,}$/.test(f) && f.length % 3 === 0) {
    const out: string[] = []
    for (let i = 0; i < f.length; i += 3) out.push(f.slice(i, i + 3))
    return out
  }
  return [f]
}

/** A dc:identifier that is nothing but an ISBN with a correct check digit (no prefix needed then). */
function isValidBareIsbn (raw: string): boolean {
  const d = raw.replace(/[\s-]/g, '').toUpperCase()
  if (/^\d{9}[\dX]$/.test(d)) return isbn10Check(d.slice(0, 9)) === d[9]
  if (/^97[89]\d{10}$/.test(d)) return isbn13Check(d.slice(0, 12)) === d[12]
  return false
}

/** A dc:identifier that is nothing but an ISSN (NNNN-NNNC) with a correct check digit. */
function isValidBareIssn (raw: string): boolean {
  const m = /^\s*(\d{4})-(\d{3})([\dXx])\s*$/.exec(raw)
  if (m === null) return false
  const d = m[1] + m[2]
  let sum = 0
  for (let i = 0; i < 7; i++) sum += (8 - i) * (d.charCodeAt(i) - 48)
  const c = (11 - (sum % 11)) % 11
  return (c === 10 ? 'X' : String(c)) === m[3].toUpperCase()
}

function extractValues (raw: string, extract: Extract, strictIds: boolean): string[] {
  switch (extract) {
    case 'text': {
      const v = cleanText(raw)
      return v === '' ? [] : [v]
    }
    case 'code': {
      const v = raw.trim()
      return v === '' ? [] : [v]
    }
    case 'year': return years(raw)
    case 'isbn': {
      if (strictIds && !/^\s*(isbn|urn:isbn:)/i.test(raw) && !isValidBareIsbn(raw)) return []
      const v = normalizeIsbn(raw)
      return v === undefined ? [] : [v]
    }
    case 'issn': {
      if (strictIds && !/^\s*(issn|urn:issn:)/i.test(raw) && !isValidBareIssn(raw)) return []
      const v = normalizeIssn(raw)
      return v === undefined ? [] : [v]
    }
    case 'language': return languages(raw)
  }
}

// ---------------------------------------------------------------------------------------------
// the interpreter

/**
 * A row with every property present, in one order: rows of one shape keep the interpreter's
 * property reads monomorphic (spread rows of different shapes made them megamorphic, a tenth of
 * the import's indexing time in a profile).
 */
interface CompiledRow {
  readonly index: IndexedName
  readonly subfields: string
  readonly positions: readonly [number, number] | undefined
  readonly each: boolean
  readonly extract: Extract
  readonly as: IndexedAs
  readonly nonFiling: 'ind1' | 'ind2' | undefined
}

function compileMarcRows (rows: readonly MarcIndexRow[]): Map<string, CompiledRow[]> {
  const byTag = new Map<string, CompiledRow[]>()
  for (const r of rows) {
    const tags = r.tag.includes('X')
      ? Array.from({ length: 100 }, (_, i) => r.tag.replace('XX', String(i).padStart(2, '0')))
      : [r.tag]
    for (const tag of tags) {
      const list = byTag.get(tag) ?? []
      list.push({ index: r.index, subfields: r.subfields ?? '', positions: r.positions, each: r.each === true, extract: r.extract ?? 'text', as: r.as ?? 'both', nonFiling: r.nonFiling })
      byTag.set(tag, list)
    }
  }
  return byTag
}

const MARC_BY_TAG = compileMarcRows(MARC_INDEXES)

function linkedTag (f: DataField): string {
  for (const s of f.subfields) if (s.code === '6') return s.value.slice(0, 3)
  return f.tag
}

/** Every index value of a MARC record, in field order, following MARC_INDEXES. */
export function extractMarc (rec: MarcRecord): IndexEntry[] {
  const out: IndexEntry[] = []
  for (const f of rec.fields) {
    if ('value' in f) {
      const rows = MARC_BY_TAG.get(f.tag)
      if (rows === undefined) continue
      for (const r of rows) {
        const raw = r.positions === undefined ? f.value : f.value.slice(r.positions[0], r.positions[1])
        for (const v of extractValues(raw, r.extract, false)) out.push({ index: r.index, value: v, as: r.as, skip: 0 })
      }
      continue
    }
    const tag = f.tag === '880' ? linkedTag(f) : f.tag
    const rows = MARC_BY_TAG.get(tag)
    if (rows === undefined) continue
    for (const r of rows) {
      const codes = r.subfields
      if (r.each) {
        for (const s of f.subfields) {
          if (!codes.includes(s.code)) continue
          for (const v of extractValues(s.value, r.extract, false)) out.push({ index: r.index, value: v, as: r.as, skip: 0 })
        }
        continue
      }
      let joined = ''
      for (const s of f.subfields) {
        if (!codes.includes(s.code)) continue
        joined = joined === '' ? s.value : joined + ' ' + s.value
      }
      if (joined === '') continue
      let skip = 0
      if (r.nonFiling !== undefined) {
        const n = (r.nonFiling === 'ind1' ? f.ind1 : f.ind2).charCodeAt(0) - 48
        if (n > 0 && n <= 9) skip = n
      }
      for (const v of extractValues(joined, r.extract, false)) out.push({ index: r.index, value: v, as: r.as, skip })
    }
  }
  return out
}

/** Every index value of a Dublin Core record, following DC_INDEXES. */
export function extractDc (rec: DcRecord): IndexEntry[] {
  const out: IndexEntry[] = []
  for (const r of DC_INDEXES) {
    const extract = r.extract ?? 'text'
    const as = r.as ?? 'both'
    for (const e of rec.elements) {
      if (e.name !== r.element) continue
      for (const v of extractValues(e.value, extract, r.element === 'identifier')) out.push({ index: r.index, value: v, as, skip: 0 })
    }
  }
  return out
}
