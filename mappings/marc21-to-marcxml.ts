/**
 * MARC21 → MARCXML (MARC 21 XML Schema, http://www.loc.gov/standards/marcxml/). One `<record>`
 * element, laid out as yaz-marcdump does (two-space indents), so that a collection of our records
 * is byte-identical to yaz's output for the same data. Text is NFC and XML 1.0-safe: control
 * characters that MARC allows and XML forbids are dropped (src/text/xml.ts).
 */
import { isControlField, type MarcRecord } from '../src/model/marc.js'
import { escapeAttr, escapeText } from '../src/text/xml.js'

export const MARCXML_NS = 'http://www.loc.gov/MARC21/slim'
export const MARCXML_SCHEMA = 'http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd'
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance'

export interface MarcXmlOptions {
  /** Element prefix, e.g. 'marc' gives `<marc:record xmlns:marc=…>`; none by default. */
  prefix?: string
  /** Declare the namespace on `<record>` (default true); false inside a `<collection>` that does. */
  xmlns?: boolean
  /** Add xsi:schemaLocation for the MARC21slim schema. */
  schemaLocation?: boolean
}

/**
 * True when `s` is certainly NFC and needs no escaping in content or in a double-quoted attribute:
 * no markup character, quote or control character, no surrogate or noncharacter, and only code
 * points whose NFC_Quick_Check is Yes with canonical combining class 0 (Unicode UAX #15 §9: such a
 * string is normalised). The ranges are Latin up to U+02FF and Latin Extended Additional
 * (U+1E00–U+1EFF: every precomposed Vietnamese letter), the general punctuation U+2010–U+2027
 * and CJK Unified Ideographs with Extension A (Hán/Nôm). Anything else takes the exact path. Full
 * harvests pass every subfield of millions of records here; most are plain.
 */
// The complement of the plain set, as one character class: irregexp scans it several times faster
// than a charCodeAt loop over the (two-byte) strings JSON.parse hands us (measured).
const NOT_PLAIN = /[^\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\u02ff\u1e00-\u1eff\u2010-\u2027\u3400-\u9fff]/
export function isPlainNfc (s: string): boolean {
  return !NOT_PLAIN.test(s)
}

// yaz-marcdump also writes '"' as &quot; in content; doing the same keeps output byte-comparable.
function text (s: string): string {
  return isPlainNfc(s) ? s : escapeText(s.normalize('NFC')).replace(/"/g, '&quot;')
}

function attr (s: string): string {
  return isPlainNfc(s) ? s : escapeAttr(s.normalize('NFC'))
}

/** @internal the exact escapes, for marc21-to-marcxml-bytes.ts's values that leave its fast path */
export { text as marcXmlText, attr as marcXmlAttr }

/** The fixed pieces of markup for one option set, built once (the writer runs once per record). */
/** @internal shared with marc21-to-marcxml-bytes.ts */
export interface Markup {
  readonly open: string
  readonly leaderClose: string
  readonly control: string
  readonly controlClose: string
  readonly data: string
  readonly subfield: string
  readonly subfieldClose: string
  readonly dataClose: string
  readonly close: string
}

function markup (opts: MarcXmlOptions): Markup {
  const p = opts.prefix !== undefined && opts.prefix !== '' ? `${opts.prefix}:` : ''
  let decl = ''
  if (opts.xmlns !== false) decl += ` xmlns${p === '' ? '' : `:${opts.prefix}`}="${MARCXML_NS}"`
  if (opts.schemaLocation === true) decl += ` xmlns:xsi="${XSI_NS}" xsi:schemaLocation="${MARCXML_NS} ${MARCXML_SCHEMA}"`
  return {
    open: `<${p}record${decl}>\n  <${p}leader>`,
    leaderClose: `</${p}leader>\n`,
    control: `  <${p}controlfield tag="`,
    controlClose: `</${p}controlfield>\n`,
    data: `  <${p}datafield tag="`,
    subfield: `    <${p}subfield code="`,
    subfieldClose: `</${p}subfield>\n`,
    dataClose: `  </${p}datafield>\n`,
    close: `</${p}record>`,
  }
}

const MARKUP_CACHE = new Map<string, Markup>()
// callers that pass the same options object every time (the OAI-PMH and SRU writers) skip the key
const BY_OBJECT = new WeakMap<MarcXmlOptions, Markup>()
/** @internal shared with marc21-to-marcxml-bytes.ts */
export function markupFor (opts: MarcXmlOptions): Markup {
  const known = BY_OBJECT.get(opts)
  if (known !== undefined) return known
  const m = markupByValue(opts)
  if (Object.isFrozen(opts)) BY_OBJECT.set(opts, m)
  return m
}

function markupByValue (opts: MarcXmlOptions): Markup {
  const key = `${opts.prefix ?? ''}|${opts.xmlns !== false ? 1 : 0}|${opts.schemaLocation === true ? 1 : 0}`
  let m = MARKUP_CACHE.get(key)
  if (m === undefined) {
    m = markup(opts)
    if (MARKUP_CACHE.size < 64) MARKUP_CACHE.set(key, m)
  }
  return m
}

/** One record as a MARCXML `<record>` element (no XML declaration, no trailing newline). */
export function marcToMarcXml (record: MarcRecord, opts: MarcXmlOptions = {}): string {
  const m = markupFor(opts)
  let out = m.open + text(record.leader) + m.leaderClose
  for (const f of record.fields) {
    if (isControlField(f)) {
      out += m.control + attr(f.tag) + '">' + text(f.value) + m.controlClose
      continue
    }
    out += m.data + attr(f.tag) + '" ind1="' + attr(f.ind1) + '" ind2="' + attr(f.ind2) + '">\n'
    for (const s of f.subfields) out += m.subfield + attr(s.code) + '">' + text(s.value) + m.subfieldClose
    out += m.dataClose
  }
  return out + m.close
}
