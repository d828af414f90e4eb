/**
 * Simple Dublin Core → XML, as the two record schemas that carry it:
 * - OAI-PMH `oai_dc` (OAI-PMH 2.0 §6.2; schema http://www.openarchives.org/OAI/2.0/oai_dc.xsd): root
 *   `oai_dc:dc`, children only the 15 DCMES elements, the only attribute `xml:lang`;
 * - SRU `info:srw/schema/1/dc-v1.1` (root `srw_dc:dc` in `info:srw/schema/1/dc-schema`), written as
 *   LoC's MARC21slim2SRWDC.xsl writes it: DC elements in the default namespace.
 * Pure string builders: no whitespace between elements (so records embed anywhere), text escaped and
 * stripped of characters XML 1.0 cannot carry (src/text/xml.ts), values NFC.
 */
import { DC_ELEMENTS, type DcElementName, type DcRecord } from '../src/model/dc.js'
import { escapeAttr, escapeText } from '../src/text/xml.js'

export const OAI_DC_NS = 'http://www.openarchives.org/OAI/2.0/oai_dc/'
export const OAI_DC_SCHEMA = 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd'
export const DC_NS = 'http://purl.org/dc/elements/1.1/'
export const SRW_DC_NS = 'info:srw/schema/1/dc-schema'
/** The schemaLocation MARC21slim2SRWDC.xsl writes for `info:srw/schema/1/dc-schema`. */
export const SRW_DC_SCHEMA = 'http://www.loc.gov/standards/sru/resources/dc-schema.xsd'
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance'

const OAI_DC_OPEN = `<oai_dc:dc xmlns:oai_dc="${OAI_DC_NS}" xmlns:dc="${DC_NS}" xmlns:xsi="${XSI_NS}" xsi:schemaLocation="${OAI_DC_NS} ${OAI_DC_SCHEMA}">`
const SRW_DC_OPEN = `<srw_dc:dc xmlns:srw_dc="${SRW_DC_NS}" xmlns="${DC_NS}" xmlns:xsi="${XSI_NS}" xsi:schemaLocation="${SRW_DC_NS} ${SRW_DC_SCHEMA}">`

// Start and end tags precomputed per element name: the writer runs once per record in full harvests.
function tags (prefix: string): Record<DcElementName, readonly [string, string, string]> {
  const out = {} as Record<DcElementName, readonly [string, string, string]>
  for (const n of DC_ELEMENTS) {
    out[n] = [`<${prefix}${n}>`, `<${prefix}${n} xml:lang="`, `</${prefix}${n}>`]
  }
  return out
}
const OAI_TAGS = tags('dc:')
const SRW_TAGS = tags('')

function body (dc: DcRecord, t: Record<DcElementName, readonly [string, string, string]>): string {
  let s = ''
  for (const e of dc.elements) {
    const [open, openLang, close] = t[e.name]
    const text = escapeText(e.value.normalize('NFC'))
    s += e.lang === undefined || e.lang === '' ? open + text + close : openLang + escapeAttr(e.lang) + '">' + text + close
  }
  return s
}

/** One `oai_dc:dc` element (no XML declaration) for an OAI-PMH `metadata` container. */
export function dcToOaiDcXml (dc: DcRecord): string {
  return OAI_DC_OPEN + body(dc, OAI_TAGS) + '</oai_dc:dc>'
}

/** One `srw_dc:dc` element (no XML declaration) for an SRU `recordData` container. */
export function dcToSrwDcXml (dc: DcRecord): string {
  return SRW_DC_OPEN + body(dc, SRW_TAGS) + '</srw_dc:dc>'
}
