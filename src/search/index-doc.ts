import type { DcRecord } from '../model/dc.js'
import type { MarcRecord } from '../model/marc.js'
import type { RecordId } from '../model/record.js'
import { extractDc, extractMarc, isbn13To10, languages, type IndexEntry } from '../../mappings/search-indexes.js'
import type { IndexName } from './ast.js'
import { foldWords, sortToken } from './keys.js'

/**
 * What a record contributes to the search indexes, independent of the database:
 * - `text`: folded words per full-text column. Word indexes (title, author, subject, publisher) and
 *   code indexes (isbn, issn, identifier, date, language) have a column each; `other` holds the words
 *   only `any` sees (notes, edition, place); `heads` holds one token per whole heading of a word
 *   index, for `exact` (headToken);
 * - `headings`: whole headings of the word indexes with their Vietnamese sort token, for scan and
 *   ordered comparison;
 * - sort tokens for title, author and date (first value of each).
 * `library`, `type` and `localId` are answered from the record's identity and sets, not from here.
 */
export const TEXT_COLUMNS = ['title', 'author', 'subject', 'publisher', 'isbn', 'issn', 'identifier', 'date', 'language', 'other', 'heads'] as const
export type TextColumn = typeof TEXT_COLUMNS[number]

export const HEADING_INDEXES = ['title', 'author', 'subject', 'publisher'] as const
export type HeadingIndex = typeof HEADING_INDEXES[number]

/** Indexes with a full-text column of their own. */
export const COLUMN_INDEXES: ReadonlySet<IndexName> = new Set<IndexName>(['title', 'author', 'subject', 'publisher', 'isbn', 'issn', 'identifier', 'date', 'language'])

export function isHeadingIndex (i: IndexName): i is HeadingIndex {
  return i === 'title' || i === 'author' || i === 'subject' || i === 'publisher'
}

/** Headings longer than this are sorted and scanned on their first HEADING_SORT_CHARS characters. */
export const HEADING_SORT_CHARS = 64

// Private-use characters are token characters for the FTS tokenizer (category Co) and never occur in
// folded words, so a heading token cannot be matched by a word query.
// Maps, not objects indexed by name: a property read keyed by a varying name is megamorphic.
const HEAD_PREFIX: ReadonlyMap<HeadingIndex, string> = new Map([['title', '\uE0D1'], ['author', '\uE0D2'], ['subject', '\uE0D3'], ['publisher', '\uE0D4']])
export const HEAD_JOIN = '\uE0F1'

/** The FTS token of a whole heading: index prefix + its folded words joined by HEAD_JOIN. */
export function headToken (index: HeadingIndex, folded: string): string {
  return (HEAD_PREFIX.get(index) as string) + folded.replaceAll(' ', HEAD_JOIN)
}

export function headPrefix (index: HeadingIndex): string {
  return HEAD_PREFIX.get(index) as string
}

/** The sort token of a heading (see HEADING_SORT_CHARS); `skip` non-filing characters are left out. */
export function headingSort (value: string, skip = 0): string {
  return sortToken((skip > 0 ? value.slice(skip) : value).slice(0, HEADING_SORT_CHARS))
}

export interface Heading {
  readonly index: HeadingIndex
  readonly sort: string
}

export interface IndexDoc {
  readonly text: Readonly<Record<TextColumn, string>>
  readonly headings: readonly Heading[]
  readonly sortTitle: string | null
  readonly sortAuthor: string | null
  readonly sortDate: string | null
}

export interface Indexable {
  readonly id: RecordId
  readonly marc: MarcRecord | null
  readonly dc: DcRecord | null
}

/** The index entries of a record's own content (MARC or DC). */
export function contentEntries (rec: { readonly marc: MarcRecord | null, readonly dc: DcRecord | null }): IndexEntry[] {
  return rec.marc !== null ? extractMarc(rec.marc) : rec.dc !== null ? extractDc(rec.dc) : []
}

/** The headings (index, sort token) of a record, as indexDocument stores them: used to remove them again. */
export function headingsOf (entries: readonly IndexEntry[]): Heading[] {
  const out: Heading[] = []
  const seen = new Set<string>()
  for (const e of entries) {
    if (e.as === 'words' || !isHeadingIndex(e.index as IndexName)) continue
    const h = { index: e.index as HeadingIndex, sort: headingSort(e.value, e.skip) }
    const id = h.index + h.sort
    if (seen.has(id)) continue
    seen.add(id)
    out.push(h)
  }
  return out
}

function hasHeading (headings: readonly Heading[], index: HeadingIndex, sort: string): boolean {
  for (const h of headings) if (h.index === index && h.sort === sort) return true
  return false
}

/** Build the index document of a live record. */
export function indexDocument (rec: Indexable): IndexDoc {
  const entries = contentEntries(rec)
  const cols: Record<TextColumn, string[]> = { title: [], author: [], subject: [], publisher: [], isbn: [], issn: [], identifier: [], date: [], language: [], other: [], heads: [] }
  const heading = (i: HeadingIndex): string[] => i === 'title' ? cols.title : i === 'author' ? cols.author : i === 'subject' ? cols.subject : cols.publisher
  // Distinct by a scan of the few a record has: cheaper than hashing long keys into Sets.
  const heads: string[] = []
  // headingsOf, computed in the same pass (each sort token once)
  const headings: Heading[] = []
  let sortTitle: string | null = null
  let sortAuthor: string | null = null
  let sortDate: string | null = null
  for (const e of entries) {
    const index = e.index as IndexName
    if (isHeadingIndex(index)) {
      let sort: string | undefined
      if (e.as !== 'words') {
        sort = headingSort(e.value, e.skip)
        if (!hasHeading(headings, index, sort)) headings.push({ index, sort })
      }
      const w = foldWords(e.value)
      if (w === '') continue
      if (e.as !== 'key') heading(index).push(w)
      if (sort === undefined) continue
      const token = headToken(index, w)
      if (!heads.includes(token)) heads.push(token)
      if (index === 'title' && sortTitle === null) sortTitle = sort
      else if (index === 'author' && sortAuthor === null) sortAuthor = e.skip === 0 ? sort : headingSort(e.value)
      continue
    }
    if (index === 'any') {
      const w = foldWords(e.value)
      if (w !== '') cols.other.push(w)
      continue
    }
    if (index === 'isbn') {
      cols.isbn.push(e.value)
      const ten = isbn13To10(e.value)
      if (ten !== undefined) cols.other.push(ten.toLowerCase())
      continue
    }
    const w = foldWords(e.value)
    if (w === '') continue
    if (index === 'issn') cols.issn.push(w)
    else if (index === 'identifier') cols.identifier.push(w)
    else if (index === 'date') cols.date.push(w)
    else if (index === 'language') cols.language.push(w)
    else cols.other.push(w) // dc:type words and the like: `any` only
    if (index === 'date' && sortDate === null) sortDate = e.value
  }
  cols.identifier.push(foldWords(rec.id.localId))
  return {
    text: {
      title: cols.title.join(' '),
      author: cols.author.join(' '),
      subject: cols.subject.join(' '),
      publisher: cols.publisher.join(' '),
      isbn: cols.isbn.join(' '),
      issn: cols.issn.join(' '),
      identifier: cols.identifier.join(' '),
      date: cols.date.join(' '),
      language: cols.language.join(' '),
      other: cols.other.join(' '),
      heads: heads.join(' '),
    },
    headings,
    sortTitle,
    sortAuthor,
    sortDate,
  }
}

/** Normalise a language term the way values are indexed (`vi`, `Tiếng Việt` → `vie`). */
export function languageTerms (term: string): string[] {
  return languages(term)
}
