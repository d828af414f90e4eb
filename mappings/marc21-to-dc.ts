/**
 * MARC 21 → simple Dublin Core, the Library of Congress crosswalk as LoC's own stylesheet
 * MARC21slim2OAIDC.xsl (2010-11-19) actually emits it, plus the decisions below. Every difference from
 * that stylesheet's output on the Vietnamese sample is listed, with its reason, in
 * test/unit/mappings/marc21-to-dc.test.ts.
 *
 * Decisions (research/marc.md §2.1):
 * - dc:creator, not dc:contributor, for 1XX/7XX: the LoC stylesheets do so, and harvesters expect it.
 * - 020 $c (price, "85000đ"), 852 and 9XX (holdings, local data) are not mapped: they are not
 *   descriptive metadata and belong to SIP2/holdings.
 * - 653 keywords: one dc:subject per $a (the stylesheet glues them into one string).
 * - 041 $a languages are added to 008/35-37 (the stylesheet ignores 041).
 * - 880 alternate script linked to 245 or 1XX/7XX (Hán/Nôm in Vietnamese records) becomes an extra
 *   dc:title / dc:creator; script `$1` (CJK) in a Vietnamese-language record is tagged xml:lang
 *   `vi-Hani` (BCP 47: Vietnamese written in Han characters). The stylesheet drops 880.
 * - 264 _1 (RDA publication statement) is read like 260.
 * - 022 $a becomes `URN:ISSN:…` (RFC 3044) next to `URN:ISBN:…`.
 * - 651 and 662 give dc:coverage as MARC21slim2SRWDC.xsl writes them (the OAI DC stylesheet omits 651).
 * - Empty elements are never written (the stylesheet writes an empty dc:type or dc:language).
 * - The same name and value is written once (the stylesheet writes 520 twice).
 */
import type { DcElement, DcElementName, DcRecord } from '../src/model/dc.js'
import type { DataField, MarcRecord } from '../src/model/marc.js'
import { isRuleRow, type CrosswalkRow, type FieldRow, type RuleRow } from './crosswalk-types.js'

export type { CrosswalkRow } from './crosswalk-types.js'

const CREATOR_TAGS = '100 110 111 700 710 711 720'
const LINKING_ENTRY_TAGS = '760 762 765 767 770 772 773 774 775 776 777 780 785 786 787'

/** The MARC 21 → DC table, in output order. */
export const MARC_TO_DC = [
  { tag: '245', subfields: 'abfghk', dc: 'title', isbd: true },
  { tag: '880/245', subfields: 'abfghk', dc: 'title', isbd: true, note: 'alternate script (Hán/Nôm); not in the stylesheet' },
  { tag: CREATOR_TAGS, dc: 'creator', isbd: true, note: 'stylesheet takes every subfield, control subfields $0-$9 included' },
  { tag: '880/100 880/110 880/111 880/700 880/710 880/711 880/720', dc: 'creator', isbd: true, note: 'alternate script; not in the stylesheet' },
  { tag: 'LDR', rule: 'leader-type', dc: 'type', note: 'collection and manuscript are separate values; the stylesheet concatenates them ("manuscripttext")' },
  { tag: '655', dc: 'type', isbd: true },
  { tag: '260', subfields: 'ab', dc: 'publisher', isbd: true },
  { tag: '264', ind2: '1', subfields: 'ab', dc: 'publisher', isbd: true, note: 'RDA publication statement; not in the stylesheet' },
  { tag: '260', subfields: 'c', split: 'subfield', dc: 'date', isbd: true },
  { tag: '264', ind2: '1', subfields: 'c', split: 'subfield', dc: 'date', isbd: true, note: 'not in the stylesheet' },
  { tag: '008', rule: 'language-008', dc: 'language' },
  { tag: '041', subfields: 'a', split: 'subfield', dc: 'language', note: 'the stylesheet ignores 041' },
  { tag: '856', subfields: 'q', split: 'subfield', dc: 'format' },
  { tag: '520', subfields: 'a', split: 'first', dc: 'description' },
  { tag: '521', subfields: 'a', split: 'first', dc: 'description' },
  { tag: '5XX', except: '506 520 521 530 540 546', subfields: 'a', split: 'first', dc: 'description' },
  { tag: '600 610 611 630 650', subfields: 'abcdq', dc: 'subject', isbd: true },
  { tag: '653', subfields: 'a', split: 'subfield', dc: 'subject', isbd: true, note: 'one subject per keyword; the stylesheet joins them' },
  { tag: '651', subfields: 'a', subdivisions: 'vxyz', dc: 'coverage', isbd: true, note: 'as MARC21slim2SRWDC.xsl; the OAI DC stylesheet omits 651' },
  { tag: '662', subfields: 'abcdefgh', dc: 'coverage', isbd: true, note: 'as MARC21slim2SRWDC.xsl' },
  { tag: '752', subfields: 'abcdfgh', dc: 'coverage', isbd: true },
  { tag: '530', subfields: 'abcdu', dc: 'relation' },
  { tag: LINKING_ENTRY_TAGS, subfields: 'ot', dc: 'relation' },
  { tag: '856', subfields: 'u', split: 'first', dc: 'identifier' },
  { tag: '020', subfields: 'a', split: 'first', prefix: 'URN:ISBN:', dc: 'identifier' },
  { tag: '022', subfields: 'a', split: 'first', prefix: 'URN:ISSN:', dc: 'identifier', note: 'LoC crosswalk table; not in the stylesheet' },
  { tag: '506', subfields: 'a', split: 'first', dc: 'rights' },
  { tag: '540', subfields: 'a', split: 'first', dc: 'rights' },
] as const satisfies readonly CrosswalkRow[]

/** Leader/06 → the type words of MARC21slim2OAIDC.xsl (LoC "MARC to DC" type vocabulary). */
export const LEADER6_TYPE: Readonly<Record<string, string>> = {
  a: 'text', t: 'text',
  e: 'cartographic', f: 'cartographic',
  c: 'notated music', d: 'notated music',
  i: 'sound recording', j: 'sound recording',
  k: 'still image',
  g: 'moving image',
  r: 'three dimensional object',
  m: 'software, multimedia',
  p: 'mixed material',
}
/** Leader/06 values that are manuscript forms (d, f, t) or mixed materials (p, archival). */
const MANUSCRIPT_LEADER6 = 'dfpt'

/**
 * Script identification codes of 880 $6 (MARC 21 "Linkage", code list) → the script subtag used
 * with the record's language. Only CJK is tagged: it is Hán/Nôm in Vietnamese records.
 */
const SCRIPT_SUBTAG: Readonly<Record<string, string>> = { $1: 'Hani' }
/** MARC language codes (ISO 639-2/B) → BCP 47 primary subtags, for the languages an 880 tag can carry here. */
const LANGUAGE_SUBTAG: Readonly<Record<string, string>> = { vie: 'vi' }

// ---------------------------------------------------------------------------------------------
// ISBD punctuation (ISBD consolidated edition, A.3.2: prescribed punctuation precedes each element,
// so the MARC subfield before it ends in " /", " :", " ;", " =", "," or ".").

const TRAILING_ISBD = new Set([' ', '/', ':', ';', ',', '=', '\t'].map(c => c.charCodeAt(0)))
const PERIOD = 46
/** Words whose final period is an abbreviation, not ISBD punctuation (lower case, without the period). */
const ABBREVIATIONS = new Set(['nxb', 'tr', 'tp', 'cm', 'ed', 'eds', 'etc', 'jr', 'sr', 'co', 'inc', 'ltd', 'st', 'vol', 'no', 'tb', 'xb', 'ths', 'ts', 'pgs', 'gs'])

/**
 * Removes trailing ISBD punctuation (" /", " :", " ;", " =", ",", "."), as Koha and VuFind do for
 * display. A final period is kept after an initial ("H.", "J.") or a known abbreviation ("Nxb.").
 */
export function stripIsbd (s: string): string {
  let end = s.length
  for (;;) {
    while (end > 0 && TRAILING_ISBD.has(s.charCodeAt(end - 1))) end--
    if (end > 0 && s.charCodeAt(end - 1) === PERIOD && !periodIsAbbreviation(s, end - 1)) { end--; continue }
    break
  }
  return end === s.length ? s : s.slice(0, end)
}

function periodIsAbbreviation (s: string, dot: number): boolean {
  const start = s.lastIndexOf(' ', dot - 1) + 1
  const word = s.slice(start, dot)
  if (word.length === 0) return false
  if (word.includes('.')) return true // "v.v.", "s.n.", an ellipsis
  if (word.length === 1) return true // an initial: "H." (Hà Nội), "J."
  return ABBREVIATIONS.has(word.toLowerCase())
}

/** Collapses runs of XML white space to one space and trims (XPath normalize-space); returns `s` itself when nothing changes. */
export function collapseSpace (s: string): string {
  const n = s.length
  if (n === 0) return s
  let ok = s.charCodeAt(0) !== 32 && s.charCodeAt(n - 1) !== 32
  for (let i = 0; ok && i < n; i++) {
    const c = s.charCodeAt(i)
    if (c === 32) ok = s.charCodeAt(i + 1) !== 32
    else if (c === 9 || c === 10 || c === 13) ok = false
  }
  return ok ? s : s.replace(/[ \t\n\r]+/g, ' ').trim()
}

// ---------------------------------------------------------------------------------------------
// The interpreter: the table is compiled once into tag → rows; one pass over a record's fields fills
// one bucket per row; buckets are written in table order.

interface Compiled {
  readonly row: FieldRow
  readonly codes: string | null
  readonly split: 'field' | 'subfield' | 'first'
}

function expandTags (row: FieldRow): string[] {
  const out: string[] = []
  const except = new Set((row.except ?? '').split(' ').filter(Boolean))
  for (const t of row.tag.split(' ')) {
    if (/^\dXX$/.test(t)) {
      for (let n = 0; n < 100; n++) {
        const tag = t[0] + String(n).padStart(2, '0')
        if (!except.has(tag)) out.push(tag)
      }
    } else out.push(t)
  }
  return out
}

const ROWS: readonly CrosswalkRow[] = MARC_TO_DC
const COMPILED: Array<Compiled | RuleRow> = ROWS.map(r => isRuleRow(r)
  ? r
  : { row: r, codes: r.subfields ?? null, split: r.split ?? 'field' })
const BY_TAG = new Map<string, number[]>()
ROWS.forEach((r, i) => {
  if (isRuleRow(r)) return
  for (const tag of expandTags(r)) {
    const list = BY_TAG.get(tag)
    if (list === undefined) BY_TAG.set(tag, [i]); else list.push(i)
  }
})

function isDataCode (code: string): boolean {
  const c = code.charCodeAt(0)
  return !(c >= 48 && c <= 57)
}

function selected (codes: string | null, code: string): boolean {
  return codes === null ? isDataCode(code) : codes.includes(code)
}

/** Values one row takes from one field, before ISBD stripping. */
function fieldValues (f: DataField, c: Compiled, out: string[]): void {
  if (c.split === 'field') {
    let main = ''
    for (const s of f.subfields) {
      if (selected(c.codes, s.code)) main = main === '' ? s.value : main + ' ' + s.value
    }
    const sub = c.row.subdivisions
    if (sub !== undefined) {
      let tail = ''
      for (const s of f.subfields) if (sub.includes(s.code)) tail = tail === '' ? s.value : tail + '--' + s.value
      if (tail !== '') main = main + '--' + tail
    }
    out.push(main)
    return
  }
  for (const s of f.subfields) {
    if (!selected(c.codes, s.code)) continue
    out.push(s.value)
    if (c.split === 'first') return
  }
}

function linkedTag (f: DataField): { tag: string, script: string } | null {
  for (const s of f.subfields) {
    if (s.code !== '6') continue
    // $6 = linking tag "-" occurrence ["/" script ["/" orientation]]: "245-01/$1"
    const slash = s.value.indexOf('/')
    const script = slash < 0 ? '' : s.value.slice(slash + 1, slash + 3)
    return { tag: s.value.slice(0, 3), script }
  }
  return null
}

function leaderTypes (leader: string, out: string[]): void {
  const l6 = leader.charAt(6)
  const l7 = leader.charAt(7)
  if (l7 === 'c') out.push('collection')
  if (l6 !== '' && MANUSCRIPT_LEADER6.includes(l6)) out.push('manuscript')
  const t = LEADER6_TYPE[l6]
  if (t !== undefined) out.push(t)
}

function language008 (r: MarcRecord): string | null {
  for (const f of r.fields) {
    if (f.tag !== '008' || !('value' in f)) continue
    const v = f.value
    // 008/35-37. An 008 of the wrong length (a blank lost or added by an exporter) keeps its last
    // positions, 38 and 39, more reliably than its start: read the language relative to the end.
    const code = v.length === 40 ? v.slice(35, 38) : v.slice(v.length - 5, v.length - 2)
    return isLanguageCode(code) ? code : null // blank ("   ") or fill ("|||"): no language
  }
  return null
}

function isLanguageCode (s: string): boolean {
  if (s.length !== 3) return false
  for (let i = 0; i < 3; i++) {
    const c = s.charCodeAt(i)
    if (c < 97 || c > 122) return false
  }
  return true
}

/**
 * Maps a MARC 21 bibliographic record to simple Dublin Core following {@link MARC_TO_DC}.
 * With `stripIsbd` (the default) trailing ISBD punctuation is removed from rows marked `isbd`;
 * `stripIsbd: false` gives the values as the LoC stylesheet writes them ("Truyện Kiều /", "2019.").
 */
export function marcToDc (record: MarcRecord, opts: { stripIsbd?: boolean } = {}): DcRecord {
  const strip = opts.stripIsbd ?? true
  const buckets: Array<DataField[] | undefined> = new Array(COMPILED.length)
  for (const f of record.fields) {
    if (!('subfields' in f)) continue
    let key = f.tag
    if (key === '880') {
      const link = linkedTag(f)
      if (link === null) continue
      key = '880/' + link.tag
    }
    const rows = BY_TAG.get(key)
    if (rows === undefined) continue
    for (const i of rows) {
      const c = COMPILED[i] as Compiled
      if (c.row.ind2 !== undefined && f.ind2 !== c.row.ind2) continue
      const b = buckets[i]
      if (b === undefined) buckets[i] = [f]; else b.push(f)
    }
  }

  const elements: DcElement[] = []
  const seen = new Set<string>()
  const add = (name: DcElementName, raw: string, isbd: boolean, lang?: string): void => {
    let v = collapseSpace(raw)
    if (isbd && strip) v = stripIsbd(v)
    if (v === '') return
    const k = name + '\u0000' + v + '\u0000' + (lang ?? '')
    if (seen.has(k)) return
    seen.add(k)
    elements.push(lang === undefined ? { name, value: v } : { name, value: v, lang })
  }

  const vals: string[] = []
  for (let i = 0; i < COMPILED.length; i++) {
    const c = COMPILED[i]
    if ('rule' in c) {
      vals.length = 0
      if (c.rule === 'leader-type') leaderTypes(record.leader, vals)
      else { const l = language008(record); if (l !== null) vals.push(l) }
      for (const v of vals) add(c.dc, v, false)
      continue
    }
    const fields = buckets[i]
    if (fields === undefined) continue
    const isbd = c.row.isbd === true
    const prefix = c.row.prefix
    for (const f of fields) {
      vals.length = 0
      fieldValues(f, c, vals)
      const lang = f.tag === '880' ? alternateScriptLang(record, f) : undefined
      for (const v of vals) {
        if (prefix !== undefined) { if (v.trim() !== '') add(c.row.dc, prefix + v.trim(), false, lang) } else add(c.row.dc, v, isbd, lang)
      }
    }
  }
  return { elements }
}

/** xml:lang for CJK 880 text: `vi-Hani` when the record is (also) in Vietnamese, else none. */
function alternateScriptLang (record: MarcRecord, f: DataField): string | undefined {
  const script = SCRIPT_SUBTAG[linkedTag(f)?.script ?? '']
  if (script === undefined) return undefined
  const languages: string[] = []
  const l = language008(record)
  if (l !== null) languages.push(l)
  for (const g of record.fields) {
    if (g.tag === '041' && 'subfields' in g) for (const s of g.subfields) if (s.code === 'a') languages.push(s.value)
  }
  for (const code of languages) {
    const sub = LANGUAGE_SUBTAG[code]
    if (sub !== undefined) return `${sub}-${script}`
  }
  return undefined
}
