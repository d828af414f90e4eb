/**
 * Streaming Dublin Core reader: an OAI-PMH ListRecords/GetRecord response with oai_dc metadata
 * (a DSpace or EPrints export), or a bare oai_dc:dc document (one or many `dc` elements under any
 * root). saxes with namespaces on; it never expands external (or any DTD) entities. Well-formedness
 * errors are fatal (XML 1.0 §1.2): records before the error are kept, one rejection carries the error
 * and reading stops.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes'
import { isDcElementName, type DcElement, type DcRecord } from '../../model/dc.js'
import { DC_NS, OAI_DC_NS } from '../../../mappings/dc-to-xml.js'
import { xmlDecoder, type XmlDecoder } from '../../text/charsets/xml-decoder.js'
import { Nfc } from '../marc/finish.js'

const OAI_NS = 'http://www.openarchives.org/OAI/2.0/'
const XML_NS = 'http://www.w3.org/XML/1998/namespace'

const MAX_DEPTH = 256
/** Largest text of one record (characters); longer records are rejected, not truncated. */
export const MAX_DC_RECORD_CHARS = 1 << 20

export interface DcReadResult {
  /** 1-based record number in the file (rejected records count too). */
  readonly position: number
  /** Line of the record's start. */
  readonly offset: number
  /** The OAI identifier from the header, when the record had one. */
  readonly identifier?: string
  /** `<header status="deleted">`. */
  readonly deleted: boolean
  /** The record (NFC); null for a deletion or a rejection. */
  readonly record: DcRecord | null
  readonly error?: string
  readonly repairs: string[]
}

/** Reads Dublin Core records (see the module comment) from bytes. */
export async function * readOaiDc (input: AsyncIterable<Uint8Array>): AsyncGenerator<DcReadResult> {
  const parser = new SaxesParser({ xmlns: true, position: true })
  // the encoding the XML declaration names, as the MARCXML reader does
  let decoder: XmlDecoder | undefined
  const out: DcReadResult[] = []
  let fatal: string | undefined
  let depth = 0
  let position = 0

  // The OAI record being read (if any), and the dc element being read (if any).
  let oaiDepth = 0
  let oaiLine = 0
  let identifier: string | undefined
  let deleted = false
  let inHeaderId = false
  let hadMetadata = false
  let dcDepth = 0
  let dcLine = 0
  let elements: DcElement[] = []
  let repairs: string[] = []
  let size = 0
  let collect: { name: DcElement['name'], lang?: string } | null = null
  let text = ''

  const emitDc = (): void => {
    if (size > MAX_DC_RECORD_CHARS) {
      out.push({ position: ++position, offset: dcLine, identifier, deleted: false, record: null, error: `record longer than the ${MAX_DC_RECORD_CHARS}-character limit`, repairs: [] })
      return
    }
    const n = new Nfc()
    const record: DcRecord = { elements: elements.map(e => ({ ...e, value: n.of(e.value) })) }
    if (n.changed) repairs.push('normalised to NFC')
    out.push({ position: ++position, offset: oaiDepth > 0 ? oaiLine : dcLine, identifier, deleted: false, record, repairs })
  }

  parser.on('opentag', (t: SaxesTagNS) => {
    if (fatal !== undefined) return
    depth++
    if (depth > MAX_DEPTH) { fatal = `XML nested deeper than ${MAX_DEPTH} elements (line ${parser.line})`; return }
    if (dcDepth > 0) {
      if (depth === dcDepth + 1 && t.uri === DC_NS && isDcElementName(t.local)) {
        const lang = t.attributes['xml:lang'] ?? Object.values(t.attributes).find(a => a.uri === XML_NS && a.local === 'lang')
        collect = lang === undefined ? { name: t.local } : { name: t.local, lang: lang.value }
        text = ''
      } else if (depth === dcDepth + 1) {
        repairs.push(`unknown element ignored: ${t.name}`)
      }
      return
    }
    if (t.uri === OAI_NS && t.local === 'record' && oaiDepth === 0) {
      oaiDepth = depth; oaiLine = parser.line; identifier = undefined; deleted = false; hadMetadata = false
      return
    }
    if (oaiDepth > 0 && t.uri === OAI_NS && t.local === 'header') {
      deleted = t.attributes.status?.value === 'deleted'
      return
    }
    if (oaiDepth > 0 && t.uri === OAI_NS && t.local === 'identifier') { inHeaderId = true; text = ''; return }
    if (t.uri === OAI_DC_NS && t.local === 'dc') {
      dcDepth = depth; dcLine = parser.line; elements = []; repairs = []; size = 0; hadMetadata = true
      if (oaiDepth === 0) identifier = undefined
    }
  })

  const onText = (s: string): void => {
    if (fatal !== undefined) return
    if (inHeaderId) { text += s; return }
    if (collect === null) return
    size += s.length
    if (size <= MAX_DC_RECORD_CHARS) text += s
  }
  parser.on('text', onText)
  parser.on('cdata', onText)

  parser.on('closetag', (t: SaxesTagNS) => {
    if (fatal !== undefined) return
    if (inHeaderId) { inHeaderId = false; identifier = text.trim() }
    if (collect !== null && depth === dcDepth + 1) {
      const value = text.replace(/\s+/g, ' ').trim()
      if (value !== '') elements.push(collect.lang === undefined ? { name: collect.name, value } : { name: collect.name, value, lang: collect.lang })
      collect = null
    }
    if (dcDepth > 0 && depth === dcDepth) { dcDepth = 0; emitDc() }
    if (oaiDepth > 0 && depth === oaiDepth) {
      oaiDepth = 0
      if (deleted) out.push({ position: ++position, offset: oaiLine, identifier, deleted: true, record: null, repairs: [] })
      else if (!hadMetadata) out.push({ position: ++position, offset: oaiLine, identifier, deleted: false, record: null, error: 'OAI record without oai_dc metadata', repairs: [] })
    }
    depth--
    void t
  })

  parser.on('error', (e: Error) => { fatal ??= e.message.split('\n')[0] })

  const finishFatal = (): DcReadResult => ({ position: ++position, offset: parser.line, deleted: false, record: null, error: `XML error: ${fatal ?? ''}; the rest of the file was not read`, repairs: [] })

  for await (const chunk of input) {
    try {
      decoder ??= xmlDecoder(chunk)
      parser.write(decoder.write(chunk))
    } catch (e) {
      fatal ??= (e as Error).message.split('\n')[0]
    }
    yield * out.splice(0)
    if (fatal !== undefined) { yield finishFatal(); return }
  }
  try {
    if (decoder !== undefined) parser.write(decoder.end())
    parser.close()
  } catch (e) {
    fatal ??= (e as Error).message.split('\n')[0]
  }
  yield * out.splice(0)
  if (fatal !== undefined) yield finishFatal()
}
