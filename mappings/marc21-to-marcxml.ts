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

// yaz-marcdump also writes '"' as &quot; in content; doing the same keeps output byte-comparable.
function text (s: string): string {
  return escapeText(s.normalize('NFC')).replace(/"/g, '&quot;')
}

function attr (s: string): string {
  return escapeAttr(s.normalize('NFC'))
}

/** One record as a MARCXML `<record>` element (no XML declaration, no trailing newline). */
export function marcToMarcXml (record: MarcRecord, opts: MarcXmlOptions = {}): string {
  const p = opts.prefix !== undefined && opts.prefix !== '' ? `${opts.prefix}:` : ''
  let decl = ''
  if (opts.xmlns !== false) decl += ` xmlns${p === '' ? '' : `:${opts.prefix}`}="${MARCXML_NS}"`
  if (opts.schemaLocation === true) decl += ` xmlns:xsi="${XSI_NS}" xsi:schemaLocation="${MARCXML_NS} ${MARCXML_SCHEMA}"`
  let out = `<${p}record${decl}>\n  <${p}leader>${text(record.leader)}</${p}leader>\n`
  for (const f of record.fields) {
    if (isControlField(f)) {
      out += `  <${p}controlfield tag="${attr(f.tag)}">${text(f.value)}</${p}controlfield>\n`
      continue
    }
    out += `  <${p}datafield tag="${attr(f.tag)}" ind1="${attr(f.ind1)}" ind2="${attr(f.ind2)}">\n`
    for (const s of f.subfields) out += `    <${p}subfield code="${attr(s.code)}">${text(s.value)}</${p}subfield>\n`
    out += `  </${p}datafield>\n`
  }
  return out + `</${p}record>`
}
