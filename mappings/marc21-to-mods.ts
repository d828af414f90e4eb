/**
 * MARC 21 → MODS 3.6, a subset of LoC's MARC21slim2MODS3-6.xsl (Revision 1.117): titles, names with
 * roles, type of resource, genre, origin (008, 260, 264, 250, 310), language, physical description,
 * abstract, table of contents, audience, access conditions, notes, subjects, classification, related
 * items (series, host and the 76X-78X links), identifiers, location and record info. Values are
 * trimmed with the stylesheet's own chopPunctuation where it uses it, so that the output compares with
 * the stylesheet's; test/unit/mappings/marc21-to-mods.test.ts lists every remaining difference.
 * Deliberate departures: 700/710 with first indicator 0 (Vietnamese names in direct order) are kept
 * (the stylesheet drops 700 0_); each 653 keyword is its own subject (the stylesheet glues them); all
 * nature-of-contents codes of 008/24-27 give a genre (the stylesheet stops at the first).
 * Also {@link dcToModsXml}: simple DC → MODS after the LoC "DC to MODS" mapping.
 */
import type { DcRecord } from '../src/model/dc.js'
import type { DataField, MarcRecord } from '../src/model/marc.js'
import { escapeAttr, escapeText } from '../src/text/xml.js'
import { collapseSpace } from './marc21-to-dc.js'
import { CROSSWALK_VERSION } from './crosswalk-version.js'

export const MODS_NS = 'http://www.loc.gov/mods/v3'
export const MODS_SCHEMA = 'http://www.loc.gov/standards/mods/v3/mods-3-6.xsd'
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance'
const XLINK_NS = 'http://www.w3.org/1999/xlink'
const MODS_OPEN = `<mods xmlns="${MODS_NS}" xmlns:xlink="${XLINK_NS}" xmlns:xsi="${XSI_NS}" version="3.6" xsi:schemaLocation="${MODS_NS} ${MODS_SCHEMA}">`

// ---------------------------------------------------------------------------------------------
// A minimal element tree and its writer (no whitespace between elements).

interface El { readonly n: string, readonly a: Array<readonly [string, string]>, readonly c: El[], t: string }

function el (n: string, attrs: Record<string, string | undefined> = {}, text = ''): El {
  const a: Array<readonly [string, string]> = []
  for (const k in attrs) { const v = attrs[k]; if (v !== undefined && v !== '') a.push([k, v]) }
  return { n, a, c: [], t: text }
}
/** Appends a child; returns it. Elements without text and children are dropped when written. */
function add (parent: El, child: El): El { parent.c.push(child); return child }
function leaf (parent: El, n: string, text: string, attrs: Record<string, string | undefined> = {}): void {
  const v = collapseSpace(text)
  if (v !== '') parent.c.push(el(n, attrs, v))
}

function writeChildren (e: El): string {
  let inner = ''
  for (const c of e.c) inner += write(c)
  return inner
}

function write (e: El): string {
  const inner = writeChildren(e)
  if (inner === '' && e.t === '') return ''
  let open = '<' + e.n
  for (const [k, v] of e.a) open += ' ' + k + '="' + escapeAttr(v.normalize('NFC')) + '"'
  return open + '>' + escapeText(e.t.normalize('NFC')) + inner + '</' + e.n + '>'
}

// ---------------------------------------------------------------------------------------------
// The LoC stylesheet's string helpers (MARC21slimUtils.xsl).

const CHOP_DEFAULT = '.:,;/ '
/** chopPunctuation: drops trailing characters found in `punctuation`. */
export function chopPunctuation (s: string, punctuation = CHOP_DEFAULT): string {
  let end = s.length
  while (end > 0 && punctuation.includes(s[end - 1])) end--
  return s.slice(0, end)
}
function chopFront (s: string): string {
  let i = 0
  while (i < s.length && '.:,;/[ '.includes(s[i])) i++
  return s.slice(i)
}
function chopBrackets (s: string): string {
  const t = chopPunctuation(s)
  return chopPunctuation(t.startsWith('[') ? t.slice(1) : t, CHOP_DEFAULT + ']')
}
/** subfieldSelect: the selected subfields joined by `delimiter`. */
function select (f: DataField, codes: string, delimiter = ' '): string {
  let out = ''
  for (const s of f.subfields) if (codes.includes(s.code)) out = out === '' ? s.value : out + delimiter + s.value
  return out
}
function first (f: DataField, code: string): string | undefined {
  for (const s of f.subfields) if (s.code === code) return s.value
  return undefined
}
function all (f: DataField, code: string): string[] {
  const out: string[] = []
  for (const s of f.subfields) if (s.code === code) out.push(s.value)
  return out
}
function has (f: DataField, codes: string): boolean {
  return f.subfields.some(s => codes.includes(s.code))
}

// ---------------------------------------------------------------------------------------------
// Code tables (MARC 21 Bibliographic fixed fields; MODS 3.6 vocabularies as the stylesheet uses them).

export const LEADER6_RESOURCE: Readonly<Record<string, string>> = {
  a: 'text', t: 'text', e: 'cartographic', f: 'cartographic', c: 'notated music', d: 'notated music',
  i: 'sound recording-nonmusical', j: 'sound recording-musical', k: 'still image', g: 'moving image',
  r: 'three dimensional object', m: 'software, multimedia', p: 'mixed material',
}
const MANUSCRIPT = 'dfpt'
const ISSUANCE: Readonly<Record<string, string>> = {
  a: 'monographic', c: 'monographic', d: 'monographic', m: 'monographic', i: 'integrating resource', b: 'serial', s: 'serial',
}
/** 008/24-27 nature of contents (books, serials) → marcgt. */
const NATURE_OF_CONTENTS: Readonly<Record<string, string>> = {
  a: 'abstract or summary', b: 'bibliography', c: 'catalog', d: 'dictionary', e: 'encyclopedia', f: 'handbook',
  g: 'legal article', i: 'index', k: 'discography', l: 'legislation', m: 'theses', n: 'survey of literature',
  o: 'review', p: 'programmed text', q: 'filmography', r: 'directory', s: 'statistics', t: 'technical report',
  v: 'legal case and case notes', w: 'law report or digest', z: 'treaty',
}
/** 008/33 literary form (books) → marcgt, the codes the stylesheet maps. */
const LITERARY_FORM: Readonly<Record<string, string>> = {
  e: 'essay', d: 'drama', c: 'comic strip', l: 'fiction', h: 'humor, satire', i: 'letter', f: 'novel', j: 'short story', s: 'speech',
}
/** 008/21 type of continuing resource → marcgt. */
const SERIAL_TYPE: Readonly<Record<string, string>> = {
  d: 'database', l: 'loose-leaf', m: 'series', n: 'newspaper', p: 'periodical', w: 'web site',
}
/** 008/26 type of computer file → marcgt. */
const FILE_TYPE: Readonly<Record<string, string>> = { a: 'numeric data', e: 'database', f: 'font', g: 'game' }
/** 008/18 frequency (serials) → the stylesheet's words. */
const FREQUENCY: Readonly<Record<string, string>> = {
  a: 'Annual', b: 'Bimonthly', c: 'Semiweekly', d: 'Daily', e: 'Biweekly', f: 'Semiannual', g: 'Biennial', h: 'Triennial',
  i: 'Three times a week', j: 'Three times a month', k: 'Continuously updated', m: 'Monthly', q: 'Quarterly',
  s: 'Semimonthly', t: 'Three times a year', u: 'Unknown', w: 'Weekly', ' ': 'Completely irregular',
}
/** 008/22 target audience → marctarget. */
const AUDIENCE: Readonly<Record<string, string>> = {
  a: 'preschool', b: 'juvenile', c: 'juvenile', j: 'juvenile', d: 'adolescent', e: 'adult', f: 'specialized', g: 'general',
}
/** 007/00 category of material and 007/01 specific material designation → MODS form words (marccategory, marcsmd). */
const FORM_007: Readonly<Record<string, readonly [string, Readonly<Record<string, string>>]>> = {
  c: ['electronic resource', { a: 'tape cartridge', b: 'chip cartridge', c: 'computer optical disc cartridge', f: 'tape cassette', h: 'tape reel', j: 'magnetic disc', m: 'magneto-optical disc', o: 'optical disc', r: 'remote' }],
  v: ['videorecording', { c: 'videocartridge', d: 'videodisc', f: 'videocassette', r: 'videoreel' }],
}
/** 041 subfield → language objectPart. */
const LANGUAGE_PART: Readonly<Record<string, string | undefined>> = {
  a: undefined, b: 'summary or subtitle', d: 'sung or spoken text', e: 'libretto', f: 'table of contents', g: 'accompanying material', h: 'translation',
}
/** Subject thesaurus from the second indicator of 6XX. */
const SUBJECT_AUTHORITY: Readonly<Record<string, string>> = { 0: 'lcsh', 1: 'lcshac', 2: 'mesh', 3: 'nal', 5: 'csh', 6: 'rvm' }
const ABSTRACT_TYPE: Readonly<Record<string, string>> = {
  ' ': 'Summary', 0: 'Subject', 1: 'Review', 2: 'Scope and content', 3: 'Abstract', 4: 'Content advice',
}
/** Note fields → note type (absent: untyped note), as the stylesheet's createNoteFrom5XX family. */
const NOTE_TYPE: Readonly<Record<string, string | null>> = {
  362: 'date/sequential designation', 500: null, 502: 'thesis', 504: 'bibliography', 508: 'creation/production credits',
  511: 'performers', 515: 'numbering', 518: 'venue', 524: 'preferred citation', 530: 'additional physical form',
  533: 'reproduction', 535: 'original location', 536: 'funding', 538: 'system details', 541: 'acquisition',
  545: 'biographical/historical', 546: 'language', 561: 'ownership', 562: 'version identification', 581: 'publications',
  583: 'action', 585: 'exhibitions',
  501: null, 507: null, 513: null, 514: null, 516: null, 522: null, 525: null, 526: null, 544: null, 547: null, 550: null,
  552: null, 555: null, 556: null, 565: null, 567: null, 580: null, 584: null, 586: null,
}
/** 76X-78X linking entries → relatedItem type. */
const LINK_TYPE: Readonly<Record<string, string | undefined>> = {
  760: 'series', 762: 'constituent', 765: 'otherVersion', 767: 'otherVersion', 775: 'otherVersion', 770: 'constituent',
  774: 'constituent', 772: 'host', 773: 'host', 776: 'otherFormat', 777: undefined, 780: 'preceding', 785: 'succeeding',
  786: 'original', 787: undefined,
}
const CLASSIFICATION: Readonly<Record<string, string | null>> = { '050': 'lcc', '060': 'nlm', '080': 'udc', '082': 'ddc', '084': null }
/** 880 $6 script identification codes → ISO 15924 as the stylesheet writes them. */
const SCRIPT: Readonly<Record<string, string>> = { '(3': 'Arab', '(B': 'Latn', $1: 'CJK', '(N': 'Cyrl', '(S': 'Grek', '(2': 'Hebr' }

// ---------------------------------------------------------------------------------------------

function typeOf008 (l6: string, l7: string): string {
  if (l6 === 'a') return 'abcdims'.includes(l7) ? ('bis'.includes(l7) ? 'SE' : 'BK') : ''
  if (l6 === 't') return 'BK'
  if (l6 === 'p') return 'MM'
  if (l6 === 'm') return 'CF'
  if ('ef'.includes(l6)) return 'MP'
  if ('gkor'.includes(l6)) return 'VM'
  if ('cdij'.includes(l6)) return 'MU'
  return ''
}

interface Link { readonly occurrence: string, readonly script: string | undefined }
function link (f: DataField): Link | null {
  const v = first(f, '6')
  if (v === undefined) return null
  const dash = v.indexOf('-')
  const slash = v.indexOf('/')
  const occurrence = v.slice(dash + 1, slash < 0 ? undefined : slash)
  return { occurrence, script: slash < 0 ? undefined : SCRIPT[v.slice(slash + 1, slash + 3)] }
}
/** altRepGroup/script attributes of a field that has an 880 partner (or of the 880 itself). */
function altRep (f: DataField): Record<string, string | undefined> {
  const l = link(f)
  if (l === null || l.occurrence === '00') return {}
  return { altRepGroup: l.occurrence, script: f.tag === '880' ? l.script : 'Latn' }
}

function titleInfo245 (f: DataField): El {
  const t = el('titleInfo', altRep(f))
  const bAt = f.subfields.findIndex(s => s.code === 'b')
  let title = ''
  let sub = ''
  f.subfields.forEach((s, i) => {
    if (bAt < 0 || i < bAt) { if ('afgks'.includes(s.code)) title = title === '' ? s.value : title + ' ' + s.value } else if ('abfgks'.includes(s.code)) sub = sub === '' ? s.value : sub + ' ' + s.value
  })
  const chopped = chopPunctuation(title)
  const skip = f.tag === '880' ? 0 : Number(f.ind2)
  if (skip > 0 && skip < chopped.length) {
    add(t, el('nonSort', { 'xml:space': 'preserve' }, chopped.slice(0, skip)))
    leaf(t, 'title', chopped.slice(skip))
  } else leaf(t, 'title', chopped)
  if (bAt >= 0) leaf(t, 'subTitle', chopPunctuation(sub))
  part(t, f)
  return t
}

function part (t: El, f: DataField): void {
  for (const n of all(f, 'n')) leaf(t, 'partNumber', chopPunctuation(n))
  for (const p of all(f, 'p')) leaf(t, 'partName', chopPunctuation(p))
}

function role (n: El, f: DataField): void {
  for (const e of all(f, 'e')) add(n, el('role')).c.push(el('roleTerm', { type: 'text' }, e))
  for (const c of all(f, '4')) add(n, el('role')).c.push(el('roleTerm', { authority: 'marcrelator', type: 'code' }, c))
}

function name (f: DataField, primary: boolean, nameTitleGroup: boolean): El | null {
  const tag = f.tag === '880' ? (first(f, '6') ?? '').slice(0, 3) : f.tag
  const kind = tag.slice(1)
  const attrs: Record<string, string | undefined> = { ...altRep(f) }
  if (primary) attrs.usage = 'primary'
  if (nameTitleGroup) attrs.nameTitleGroup = '1'
  if (kind === '00') {
    const n = el('name', { type: f.ind1 === '3' ? 'family' : 'personal', ...attrs })
    leaf(n, 'namePart', chopPunctuation(select(f, 'aq'), ':,;/ '))
    for (const v of all(f, 'b').concat(all(f, 'c'))) leaf(n, 'namePart', chopPunctuation(v), { type: 'termsOfAddress' })
    for (const d of all(f, 'd')) leaf(n, 'namePart', chopPunctuation(d), { type: 'date' })
    for (const u of all(f, 'u')) leaf(n, 'affiliation', u)
    role(n, f)
    return n
  }
  if (kind === '10') {
    const n = el('name', { type: 'corporate', ...attrs })
    for (const a of all(f, 'a')) leaf(n, 'namePart', chopPunctuation(a))
    for (const b of all(f, 'b')) leaf(n, 'namePart', b)
    if (has(f, 'cdn')) leaf(n, 'namePart', select(f, 'cdn'))
    role(n, f)
    return n
  }
  if (kind === '11') {
    const n = el('name', { type: 'conference', ...attrs })
    leaf(n, 'namePart', select(f, 'acdenq'))
    role(n, f)
    return n
  }
  if (kind === '20') {
    const n = el('name', { type: f.ind1 === '1' ? 'personal' : undefined })
    leaf(n, 'namePart', first(f, 'a') ?? '')
    role(n, f)
    return n
  }
  return null
}

function subjectAuthority (f: DataField): string | undefined {
  if (f.ind2 === '7') return first(f, '2')
  return SUBJECT_AUTHORITY[f.ind2]
}

function subdivisions (s: El, f: DataField): void {
  for (const sf of f.subfields) {
    const kind = sf.code === 'v' ? 'genre' : sf.code === 'x' ? 'topic' : sf.code === 'y' ? 'temporal' : sf.code === 'z' ? 'geographic' : ''
    if (kind !== '') leaf(s, kind, chopPunctuation(sf.value))
  }
}

function subject (f: DataField): El[] {
  const tag = f.tag === '880' ? (first(f, '6') ?? '').slice(0, 3) : f.tag
  const s = el('subject', { ...altRep(f), authority: subjectAuthority(f) })
  switch (tag) {
    case '600': {
      const n = add(s, el('name', { type: 'personal' }))
      leaf(n, 'namePart', chopPunctuation(select(f, 'aq')))
      for (const d of all(f, 'd')) leaf(n, 'namePart', chopPunctuation(d), { type: 'date' })
      role(n, f)
      break
    }
    case '610': {
      const n = add(s, el('name', { type: 'corporate' }))
      for (const a of all(f, 'a')) leaf(n, 'namePart', chopPunctuation(a))
      for (const b of all(f, 'b')) leaf(n, 'namePart', chopPunctuation(b))
      break
    }
    case '611': {
      const n = add(s, el('name', { type: 'conference' }))
      leaf(n, 'namePart', chopPunctuation(select(f, 'acdenq')))
      break
    }
    case '630': leaf(add(s, el('titleInfo')), 'title', chopPunctuation(select(f, 'adfhklor'))); break
    case '648': leaf(s, 'temporal', chopPunctuation(select(f, 'a'))); break
    case '650': leaf(s, 'topic', chopPunctuation(select(f, 'abcd'))); break
    case '651': for (const a of all(f, 'a')) leaf(s, 'geographic', chopPunctuation(a)); break
    case '653': {
      // One subject per keyword; ind2 says what kind of term it is (MARC 21 653 second indicator).
      const kind = ({ 1: 'personal', 2: 'corporate', 3: 'conference' } as Record<string, string | undefined>)[f.ind2]
      const leafName = ({ 4: 'temporal', 5: 'geographic', 6: 'genre' } as Record<string, string | undefined>)[f.ind2] ?? 'topic'
      return all(f, 'a').map(a => {
        const k = el('subject')
        if (kind !== undefined) leaf(add(k, el('name', { type: kind })), 'namePart', a); else leaf(k, leafName, a)
        return k
      })
    }
    case '662': case '752': {
      const h = add(s, el('hierarchicalGeographic'))
      const parts: Array<[string, string]> = [['a', 'country'], ['b', 'state'], ['c', 'county'], ['d', 'city'], ['f', 'citySection'], ['g', 'area'], ['h', 'extraterrestrialArea']]
      for (const [code, n] of parts) for (const v of all(f, code)) leaf(h, n, chopPunctuation(v))
      return [s]
    }
    default: return []
  }
  subdivisions(s, f)
  return [s]
}

function relatedFromLink (f: DataField): El {
  const r = el('relatedItem', { type: LINK_TYPE[f.tag], otherType: first(f, 'i') })
  const t = first(f, 't')
  if (t !== undefined) leaf(add(r, el('titleInfo')), 'title', chopPunctuation(t))
  const a = first(f, 'a')
  if (a !== undefined) leaf(add(r, el('name')), 'namePart', chopPunctuation(a))
  for (const x of all(f, 'x')) leaf(r, 'identifier', x, { type: 'issn' })
  for (const z of all(f, 'z')) leaf(r, 'identifier', z, { type: 'isbn' })
  for (const w of all(f, 'w')) leaf(r, 'identifier', w, { type: 'local' })
  for (const n of all(f, 'n')) leaf(r, 'note', n)
  if (f.tag === '773') for (const g of all(f, 'g')) leaf(add(r, el('part')), 'text', g)
  return r
}

/** MARC 21 bibliographic record → one MODS 3.6 `<mods>` element (no XML declaration). */
export function marcToModsXml (record: MarcRecord): string {
  const leader = record.leader
  const l6 = leader.charAt(6)
  const l7 = leader.charAt(7)
  const t008 = typeOf008(l6, l7)
  let f008 = ''
  let f001: string | undefined
  let f003: string | undefined
  let f005: string | undefined
  const f007: string[] = []
  const by = new Map<string, DataField[]>()
  const inOrder: DataField[] = []
  for (const f of record.fields) {
    if ('value' in f) {
      if (f.tag === '008') f008 = f.value
      else if (f.tag === '001') f001 = f.value
      else if (f.tag === '003') f003 = f.value
      else if (f.tag === '005') f005 = f.value
      else if (f.tag === '007') f007.push(f.value)
      continue
    }
    inOrder.push(f)
    let tag = f.tag
    if (tag === '880') tag = '880/' + (first(f, '6') ?? '').slice(0, 3)
    const list = by.get(tag)
    if (list === undefined) by.set(tag, [f]); else list.push(f)
  }
  const fields = (...tags: string[]): DataField[] => tags.length === 1
    ? (by.get(tags[0]) ?? [])
    : inOrder.filter(f => tags.includes(f.tag))
  const c008 = (from: number, to = from + 1): string => f008.slice(from, to)

  const mods = el('mods')
  // titleInfo
  for (const f of fields('245')) add(mods, titleInfo245(f))
  for (const f of fields('246')) {
    const t = add(mods, el('titleInfo', { type: 'alternative', displayLabel: first(f, 'i') }))
    leaf(t, 'title', chopPunctuation(select(f, 'af')))
    if (has(f, 'b')) leaf(t, 'subTitle', chopPunctuation(select(f, 'b')))
    part(t, f)
  }
  const has1XX = fields('100').length + fields('110').length + fields('111').length > 0
  for (const f of fields('240')) {
    const t = add(mods, el('titleInfo', { type: 'uniform', nameTitleGroup: has1XX ? '1' : undefined }))
    leaf(t, 'title', chopPunctuation(select(f, 'adfklmors')))
    part(t, f)
  }
  for (const f of fields('130')) leaf(add(mods, el('titleInfo', { type: 'uniform' })), 'title', chopPunctuation(select(f, 'adfklmors')))
  for (const f of fields('740')) if (f.ind2 !== '2') leaf(add(mods, el('titleInfo', { type: 'alternative' })), 'title', chopPunctuation(select(f, 'ah')))
  for (const f of fields('880/245')) add(mods, titleInfo245(f))

  // name (fields with $t are name/title entries, not names)
  const has240 = fields('240').length > 0
  for (const f of fields('100', '110', '111', '700', '710', '711', '720')) {
    if (has(f, 't')) continue
    const n = name(f, f.tag[0] === '1', f.tag[0] === '1' && has240)
    if (n !== null) mods.c.push(n)
  }
  for (const tag of ['880/100', '880/110', '880/111', '880/700', '880/710', '880/711']) {
    for (const f of fields(tag)) { const n = name(f, tag === '880/100', false); if (n !== null) mods.c.push(n) }
  }

  // typeOfResource
  const resource = LEADER6_RESOURCE[l6]
  if (resource !== undefined) {
    add(mods, el('typeOfResource', { collection: l7 === 'c' ? 'yes' : undefined, manuscript: MANUSCRIPT.includes(l6) ? 'yes' : undefined }, resource))
  }

  // genre from 008, 655, 336
  const marcgt = (g: string | undefined): void => { if (g !== undefined) leaf(mods, 'genre', g, { authority: 'marcgt' }) }
  if (f008.length >= 35) {
    if (c008(25) === 'd') marcgt('globe')
    if (t008 === 'MP') marcgt(('abc'.includes(c008(25)) ? 'map' : c008(25) === 'e' ? 'atlas' : undefined))
    if (t008 === 'SE') marcgt(SERIAL_TYPE[c008(21)])
    if (t008 === 'BK' || t008 === 'SE') {
      const seen = new Set<string>()
      for (const code of c008(24, 28)) { const g = NATURE_OF_CONTENTS[code]; if (g !== undefined && !seen.has(g)) { seen.add(g); marcgt(g) } }
      if (c008(29) === '1') marcgt('conference publication')
    }
    if (t008 === 'CF') marcgt(FILE_TYPE[c008(26)])
    if (t008 === 'BK') {
      if (c008(24) === 'j') marcgt('patent')
      if (c008(24) === '2') marcgt('offprint')
      if (c008(30) === '1') marcgt('festschrift')
      if ('abcd'.includes(c008(34)) && c008(34) !== '') marcgt('biography')
      marcgt(LITERARY_FORM[c008(33)])
    }
  }
  for (const f of fields('655')) leaf(mods, 'genre', chopPunctuation(select(f, 'abvxyz', '--')), { authority: f.ind2 === '7' ? first(f, '2') : SUBJECT_AUTHORITY[f.ind2] })
  for (const f of fields('336')) for (const a of all(f, 'a')) leaf(mods, 'genre', a, { authority: first(f, '2') })

  // originInfo: 008, 260, 250, issuance, frequency
  const o = add(mods, el('originInfo'))
  const country = c008(15, 18).replace(/\|/g, '').trim()
  if (country !== '') leaf(add(o, el('place')), 'placeTerm', country, { type: 'code', authority: 'marccountry' })
  for (const f of fields('260')) for (const a of all(f, 'a')) leaf(add(o, el('place')), 'placeTerm', chopFront(chopPunctuation(a)), { type: 'text' })
  const manuscript = MANUSCRIPT.includes(l6)
  for (const f of fields('260')) {
    for (const s of f.subfields) {
      if (s.code === 'b') leaf(o, 'publisher', chopPunctuation(s.value, ':,;/ '))
      else if (s.code === 'c') leaf(o, manuscript ? 'dateCreated' : 'dateIssued', chopPunctuation(s.value))
      else if (s.code === 'g') leaf(o, 'dateCreated', s.value)
    }
  }
  if (f008.length >= 15) {
    const dateType = c008(6)
    const d1 = c008(7, 11).trim()
    const d2 = c008(11, 15).trim()
    const first260c = fields('260').map(f => first(f, 'c')).find(c => c !== undefined)
    if ('eprst'.includes(dateType) && dateType !== '' && d1 !== '' && d1 !== chopPunctuation(first260c ?? '')) {
      leaf(o, manuscript ? 'dateCreated' : 'dateIssued', d1, { encoding: 'marc' })
    }
    if ('cdikmu'.includes(dateType) && dateType !== '') {
      leaf(o, 'dateIssued', d1, { encoding: 'marc', point: 'start' })
      leaf(o, 'dateIssued', d2, { encoding: 'marc', point: 'end' })
    }
    if (dateType === 'q') {
      leaf(o, 'dateIssued', d1, { encoding: 'marc', point: 'start', qualifier: 'questionable' })
      leaf(o, 'dateIssued', d2, { encoding: 'marc', point: 'end', qualifier: 'questionable' })
    }
    if (dateType === 't') leaf(o, 'copyrightDate', d2, { encoding: 'marc' })
  }
  for (const f of fields('250')) for (const a of all(f, 'a')) leaf(o, 'edition', a)
  const issuance = ISSUANCE[l7]
  if (issuance !== undefined) leaf(o, 'issuance', issuance)
  for (const f of fields('310', '321')) leaf(o, 'frequency', select(f, 'ab'))
  if (t008 === 'SE' && f008.length > 18) { const fr = FREQUENCY[c008(18)]; if (fr !== undefined) leaf(o, 'frequency', fr, { authority: 'marcfrequency' }) }
  // 264: one originInfo per field, the event from the second indicator (values as recorded).
  const EVENT: Record<string, string | undefined> = { 0: 'production', 1: 'publication', 2: 'distribution', 3: 'manufacture' }
  for (const f of fields('264')) {
    const event = EVENT[f.ind2]
    if (event === undefined) continue
    const e = add(mods, el('originInfo', { eventType: event }))
    for (const a of all(f, 'a')) leaf(add(e, el('place')), 'placeTerm', a, { type: 'text' })
    for (const b of all(f, 'b')) leaf(e, 'publisher', b)
    for (const c of all(f, 'c')) leaf(e, event === 'publication' ? 'dateIssued' : event === 'production' ? 'dateCreated' : 'dateOther', c)
  }

  // language: 008/35-37, then 041 (the 008 language is not repeated)
  const lang008 = languageOf008(f008)
  if (lang008 !== undefined) add(mods, el('language')).c.push(el('languageTerm', { authority: 'iso639-2b', type: 'code' }, lang008))
  for (const f of fields('041')) {
    for (const s of f.subfields) {
      if (!(s.code in LANGUAGE_PART)) continue
      // Before 2001 several codes were run together in one $a ("vieeng").
      for (let i = 0; i + 3 <= s.value.length; i += 3) {
        const code = s.value.slice(i, i + 3)
        if (s.code === 'a' && code === lang008) continue
        add(mods, el('language', { objectPart: LANGUAGE_PART[s.code] })).c.push(el('languageTerm', { authority: 'iso639-2b', type: 'code' }, code))
      }
    }
  }

  // physicalDescription
  const p = add(mods, el('physicalDescription'))
  const f23 = c008(23)
  const f29 = c008(29)
  const check23 = 'BK MU SE MM'.includes(t008) && t008 !== ''
  const check29 = t008 === 'MP' || t008 === 'VM'
  const formCode = (code: string): boolean => (check23 && f23 === code) || (check29 && f29 === code)
  let form: string | undefined
  if (formCode('f')) form = 'braille'
  else if ((f23 === ' ' && 'cd'.includes(l6) && l6 !== '') || ((t008 === 'BK' || t008 === 'SE') && (f23 === ' ' || f23 === 'r'))) form = 'print'
  else if (l6 === 'm' || formCode('s')) form = 'electronic'
  else if (formCode('b')) form = 'microfiche'
  else if (formCode('a')) form = 'microfilm'
  if (form !== undefined && f008.length > 23) leaf(p, 'form', form, { authority: 'marcform' })
  for (const v of f007) {
    const cat = FORM_007[v.charAt(0)]
    if (cat === undefined) continue
    leaf(p, 'form', cat[0], { authority: 'marccategory' })
    const smd = cat[1][v.charAt(1)]
    if (smd !== undefined) leaf(p, 'form', smd, { authority: 'marcsmd' })
  }
  for (const f of fields('245')) for (const h of all(f, 'h')) leaf(p, 'form', chopBrackets(h), { authority: 'gmd' })
  for (const f of fields('337')) for (const a of all(f, 'a')) leaf(p, 'form', a, { type: 'media', authority: first(f, '2') })
  for (const f of fields('338')) for (const a of all(f, 'a')) leaf(p, 'form', a, { type: 'carrier', authority: first(f, '2') })
  for (const f of fields('856')) for (const q of all(f, 'q')) if (q.length > 1) leaf(p, 'internetMediaType', q)
  for (const f of fields('300')) leaf(p, 'extent', select(f, 'abce3g'), { unit: has(f, 'f') ? select(f, 'f') : undefined })

  for (const f of fields('520')) leaf(mods, 'abstract', select(f, 'ab'), { type: ABSTRACT_TYPE[f.ind1] })
  for (const f of fields('505')) leaf(mods, 'tableOfContents', select(f, 'agrt'))
  for (const f of fields('521')) leaf(mods, 'targetAudience', select(f, 'ab'))
  if (t008 === 'BK' || t008 === 'CF' || t008 === 'MU' || t008 === 'VM') { const a = AUDIENCE[c008(22)]; if (a !== undefined) leaf(mods, 'targetAudience', a, { authority: 'marctarget' }) }
  for (const f of fields('506')) leaf(mods, 'accessCondition', select(f, 'abcd35'), { type: 'restriction on access' })
  for (const f of fields('540')) leaf(mods, 'accessCondition', select(f, 'abcd35'), { type: 'use and reproduction' })

  // notes
  for (const f of fields('245')) if (has(f, 'c')) leaf(mods, 'note', select(f, 'c'), { type: 'statement of responsibility' })
  for (const f of fields('880/245')) if (has(f, 'c')) leaf(mods, 'note', select(f, 'c'), { type: 'statement of responsibility', ...altRep(f) })
  for (const f of inOrder) {
    const type = NOTE_TYPE[f.tag]
    if (type === undefined) continue
    const text = f.tag === '500' || f.tag === '362' ? (first(f, 'a') ?? '') : select(f, 'abcdefghijklmnopqrstuvwxyz')
    leaf(mods, 'note', text, { type: type ?? undefined })
  }

  // subjects
  for (const f of fields('255')) {
    const s = add(mods, el('subject'))
    const c = add(s, el('cartographics'))
    leaf(c, 'scale', select(f, 'a'))
    leaf(c, 'projection', select(f, 'b'))
    leaf(c, 'coordinates', select(f, 'c'))
  }
  for (const f of fields('600', '610', '611', '630', '648', '650', '651', '653', '662', '752')) mods.c.push(...subject(f))

  // classification
  for (const f of fields('050', '060', '080', '082', '084')) {
    const authority = CLASSIFICATION[f.tag] ?? first(f, '2')
    leaf(mods, 'classification', select(f, f.tag === '080' ? 'abx' : 'ab'), { authority, edition: f.tag === '082' ? first(f, '2') : undefined })
  }

  // location: 852 holdings, 856 electronic locations
  for (const f of fields('852')) {
    const l = add(mods, el('location'))
    leaf(l, 'physicalLocation', select(f, 'abe'))
    leaf(l, 'shelfLocator', select(f, 'hijklm'))
  }
  let primaryUrl = true
  for (const f of fields('856')) {
    if (f.ind2 === '2') continue
    for (const u of all(f, 'u')) {
      leaf(add(mods, el('location')), 'url', u, {
        displayLabel: has(f, 'y3') ? select(f, 'y3') : 'electronic resource',
        note: has(f, 'z') ? select(f, 'z') : undefined,
        usage: primaryUrl ? 'primary display' : undefined,
      })
      primaryUrl = false
    }
  }

  // relatedItem: series (490 untraced, 830), linking entries, related electronic resources
  for (const f of fields('490')) if (f.ind1 === '0') leaf(add(add(mods, el('relatedItem', { type: 'series' })), el('titleInfo')), 'title', chopPunctuation(select(f, 'av')))
  for (const f of fields('830')) leaf(add(add(mods, el('relatedItem', { type: 'series' })), el('titleInfo')), 'title', chopPunctuation(select(f, 'adfgklmorsv')))
  for (const f of inOrder) if (f.tag >= '760' && f.tag <= '787' && f.tag in LINK_TYPE) mods.c.push(relatedFromLink(f))
  for (const f of fields('856')) if (f.ind2 === '2') for (const u of all(f, 'u')) leaf(add(add(mods, el('relatedItem')), el('location')), 'url', u)

  // identifier
  for (const f of fields('020')) {
    for (const a of all(f, 'a')) leaf(mods, 'identifier', a, { type: 'isbn' })
    for (const z of all(f, 'z')) leaf(mods, 'identifier', z, { type: 'isbn', invalid: 'yes' })
  }
  for (const f of fields('022')) {
    for (const a of all(f, 'a')) leaf(mods, 'identifier', a, { type: 'issn' })
    for (const z of all(f, 'z').concat(all(f, 'y'))) leaf(mods, 'identifier', z, { type: 'issn', invalid: 'yes' })
    for (const l of all(f, 'l')) leaf(mods, 'identifier', l, { type: 'issn-l' })
  }
  for (const f of fields('010')) for (const a of all(f, 'a')) leaf(mods, 'identifier', a, { type: 'lccn' })
  for (const f of fields('024')) {
    const type = ({ 0: 'isrc', 1: 'upc', 2: 'ismn', 3: 'ean', 4: 'sici' } as Record<string, string | undefined>)[f.ind1] ?? (f.ind1 === '7' ? first(f, '2') : undefined)
    for (const a of all(f, 'a')) leaf(mods, 'identifier', a, { type })
  }
  for (const f of fields('035')) for (const a of all(f, 'a')) leaf(mods, 'identifier', a.startsWith('(OCoLC)') ? a.slice(7) : a, { type: a.startsWith('(OCoLC)') ? 'oclc' : 'local' })

  // recordInfo
  const r = add(mods, el('recordInfo'))
  if (leader.charAt(18) === 'a') leaf(r, 'descriptionStandard', 'aacr')
  for (const f of fields('040')) {
    const e = first(f, 'e')
    if (e !== undefined) leaf(r, 'descriptionStandard', e)
    leaf(r, 'recordContentSource', first(f, 'a') ?? '', { authority: 'marcorg' })
  }
  if (f008.length >= 6) leaf(r, 'recordCreationDate', f008.slice(0, 6), { encoding: 'marc' })
  if (f005 !== undefined) leaf(r, 'recordChangeDate', f005, { encoding: 'iso8601' })
  if (f001 !== undefined) leaf(r, 'recordIdentifier', f001, { source: f003 })
  leaf(r, 'recordOrigin', `Converted from MARC 21 to MODS version 3.6 by the libgate crosswalk ${CROSSWALK_VERSION} (after MARC21slim2MODS3-6.xsl Revision 1.117)`)
  for (const f of fields('040')) for (const b of all(f, 'b')) add(r, el('languageOfCataloging')).c.push(el('languageTerm', { authority: 'iso639-2b', type: 'code' }, b))

  return MODS_OPEN + writeChildren(mods) + '</mods>'
}

/** 008/35-37 as a language code (read relative to the end when the 008 has the wrong length). */
function languageOf008 (f008: string): string | undefined {
  if (f008.length < 38) return undefined
  const code = f008.length === 40 ? f008.slice(35, 38) : f008.slice(f008.length - 5, f008.length - 2)
  return /^[a-z]{3}$/.test(code) ? code : undefined
}

// ---------------------------------------------------------------------------------------------
// DC → MODS (LoC "Dublin Core Metadata Element Set Mapping to MODS Version 3").

/** MODS 3.6 typeOfResource values (the schema's enumeration); any other dc:type becomes a genre. */
const MODS_RESOURCE_TYPES = new Set(['text', 'cartographic', 'notated music', 'sound recording-musical', 'sound recording-nonmusical',
  'sound recording', 'still image', 'moving image', 'three dimensional object', 'software, multimedia', 'mixed material'])
const DCMI_TO_MODS: Readonly<Record<string, string>> = {
  text: 'text', image: 'still image', stillimage: 'still image', 'still image': 'still image', movingimage: 'moving image',
  'moving image': 'moving image', sound: 'sound recording', software: 'software, multimedia', dataset: 'software, multimedia',
  interactiveresource: 'software, multimedia', physicalobject: 'three dimensional object', collection: 'mixed material',
}
const YEARISH = /^[0-9\s./?-]+$/

/** Simple DC → one MODS 3.6 `<mods>` element, so a DC-sourced record can be served as MODS too. */
export function dcToModsXml (dc: DcRecord): string {
  const mods = el('mods')
  const get = (n: string): Array<{ value: string, lang?: string }> => dc.elements.filter(e => e.name === n && e.value.trim() !== '')
  for (const t of get('title')) leaf(add(mods, el('titleInfo', { 'xml:lang': t.lang })), 'title', t.value)
  for (const c of get('creator')) {
    const n = add(mods, el('name'))
    leaf(n, 'namePart', c.value)
    add(n, el('role')).c.push(el('roleTerm', { type: 'text' }, 'creator'))
  }
  for (const c of get('contributor')) leaf(add(mods, el('name')), 'namePart', c.value)
  for (const t of get('type')) {
    const mapped = DCMI_TO_MODS[t.value.toLowerCase().replace(/\s+/g, ' ').trim()] ?? (MODS_RESOURCE_TYPES.has(t.value) ? t.value : undefined)
    if (mapped !== undefined) leaf(mods, 'typeOfResource', mapped); else leaf(mods, 'genre', t.value)
  }
  const publishers = get('publisher')
  const dates = get('date')
  if (publishers.length + dates.length > 0) {
    const o = add(mods, el('originInfo'))
    for (const p of publishers) leaf(o, 'publisher', p.value)
    for (const d of dates) leaf(o, 'dateIssued', d.value)
  }
  for (const l of get('language')) {
    const attrs = /^[a-z]{3}$/.test(l.value)
      ? { authority: 'iso639-2b', type: 'code' }
      : /^[a-z]{2}(-[A-Za-z0-9]{2,8})*$/.test(l.value) ? { authority: 'rfc5646', type: 'code' } : { type: 'text' }
    add(mods, el('language')).c.push(el('languageTerm', attrs, l.value))
  }
  const formats = get('format')
  if (formats.length > 0) {
    const p = add(mods, el('physicalDescription'))
    for (const f of formats) {
      if (/^[a-z]+\/[a-z0-9.+-]+$/i.test(f.value)) leaf(p, 'internetMediaType', f.value); else leaf(p, 'form', f.value)
    }
  }
  for (const d of get('description')) leaf(mods, 'abstract', d.value)
  for (const s of get('subject')) leaf(add(mods, el('subject')), 'topic', s.value)
  for (const c of get('coverage')) leaf(add(mods, el('subject')), YEARISH.test(c.value) ? 'temporal' : 'geographic', c.value)
  for (const s of get('source')) leaf(add(add(mods, el('relatedItem', { type: 'original' })), el('titleInfo')), 'title', s.value)
  for (const r of get('relation')) {
    const item = add(mods, el('relatedItem'))
    if (/^https?:\/\//i.test(r.value)) leaf(add(item, el('location')), 'url', r.value); else leaf(add(item, el('titleInfo')), 'title', r.value)
  }
  for (const i of get('identifier')) {
    if (/^https?:\/\//i.test(i.value)) {
      leaf(mods, 'identifier', i.value, { type: 'uri' })
      leaf(add(mods, el('location')), 'url', i.value)
    } else leaf(mods, 'identifier', i.value)
  }
  for (const r of get('rights')) leaf(mods, 'accessCondition', r.value, { type: 'use and reproduction' })
  leaf(add(mods, el('recordInfo')), 'recordOrigin', `Converted from simple Dublin Core to MODS version 3.6 by the libgate crosswalk ${CROSSWALK_VERSION}`)
  return MODS_OPEN + writeChildren(mods) + '</mods>'
}
