/**
 * Streaming MARCXML reader (MARC 21 XML Schema, namespace http://www.loc.gov/MARC21/slim) on saxes
 * with namespaces on: a default namespace, any prefix (`marc:`), a `collection` or a bare `record`,
 * and records nested in envelopes (OAI-PMH, SRU), whose own `record` elements are in another
 * namespace and so are not counted. Bytes are decoded by a streaming decoder, so a character split
 * across chunks survives. saxes never expands external entities (or any DTD entity: an unknown
 * entity is an error), so a DOCTYPE is harmless and is ignored.
 * Well-formedness errors are fatal in XML 1.0 (§1.2 "fatal error"): records before the error are
 * kept, then one rejection carries the error, and reading stops.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes'
import type { MarcField, Subfield } from '../../model/marc.js'
import { xmlDecoder, type XmlDecoder } from '../../text/charsets/xml-decoder.js'
import { MARCXML_NS as MARC_NS } from '../../../mappings/marc21-to-marcxml.js'
import { fixLeader, Nfc } from './finish.js'
import { DEFAULT_MAX_RECORD_BYTES, type MarcReadResult, type ReadOptions } from './types.js'

const MAX_DEPTH = 256

function attr (tag: SaxesTagNS, name: string): string | undefined {
  const a = tag.attributes[name]
  return a === undefined ? undefined : a.value
}

/** Reads MARCXML records from bytes. */
export async function * readMarcXml (input: AsyncIterable<Uint8Array>, opts: ReadOptions = {}): AsyncGenerator<MarcReadResult> {
  const max = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES
  const parser = new SaxesParser({ xmlns: true, position: true })
  const out: MarcReadResult[] = []
  let position = 0
  let depth = 0
  let fatal: string | undefined
  // Current record.
  let inRecord = false
  let recordDepth = 0
  let startLine = 0
  let leader: string | undefined
  let fields: MarcField[] = []
  let repairs: string[] = []
  let size = 0
  let oversize = false
  let sub: Subfield[] | null = null
  let df: { tag: string, ind1: string, ind2: string } | null = null
  let collect: 'leader' | 'control' | 'subfield' | null = null
  let text = ''
  let controlTag = ''
  let subCode = ''
  let ignored = new Set<string>()
  let nfc = new Nfc()

  const isMarc = (t: SaxesTagNS): boolean => t.uri === MARC_NS || t.uri === ''

  parser.on('opentag', t => {
    if (fatal !== undefined) return
    depth++
    if (depth > MAX_DEPTH) { fatal ??= `XML nested deeper than ${MAX_DEPTH} elements (line ${parser.line})`; return }
    if (!inRecord) {
      if (t.local === 'record' && isMarc(t)) {
        inRecord = true; recordDepth = depth; startLine = parser.line
        leader = undefined; fields = []; repairs = []; size = 0; oversize = false; nfc = new Nfc()
        if (ignored.size > 0) ignored = new Set()
      }
      return
    }
    if (!isMarc(t)) { ignored.add(t.name); return }
    switch (t.local) {
      case 'leader': collect = 'leader'; text = ''; break
      case 'controlfield': collect = 'control'; text = ''; controlTag = attr(t, 'tag') ?? ''; break
      case 'datafield': {
        const ind = (name: string): string => {
          const v = attr(t, name) ?? ' '
          if (v.length !== 1) { repairs.push(`${name} of ${attr(t, 'tag') ?? '?'} was '${v}': ${v.length === 0 ? 'blank' : 'first character'} used`); return v.length === 0 ? ' ' : v[0] }
          return v
        }
        df = { tag: nfc.of(attr(t, 'tag') ?? ''), ind1: nfc.of(ind('ind1')), ind2: nfc.of(ind('ind2')) }
        sub = []
        break
      }
      case 'subfield': collect = 'subfield'; text = ''; subCode = attr(t, 'code') ?? ''; break
      default: ignored.add(t.name)
    }
  })

  const onText = (s: string): void => {
    if (collect === null || !inRecord || fatal !== undefined) return
    size += s.length
    if (size > max) { oversize = true; text = ''; return }
    text += s
  }
  parser.on('text', onText)
  parser.on('cdata', onText)

  parser.on('closetag', t => {
    if (fatal !== undefined) return
    depth--
    if (!inRecord) return
    if (depth + 1 === recordDepth) {
      inRecord = false
      const at = { position: ++position, offset: startLine }
      if (oversize) { out.push({ ...at, record: null, error: `record longer than the ${max}-character limit`, repairs: [] }); return }
      if (ignored.size > 0) repairs.push(`unknown element(s) ignored: ${[...ignored].join(', ')}`)
      if (leader !== undefined && leader.length !== 24 && leader.trim().length === 24) leader = leader.trim()
      if (nfc.changed) repairs.push('normalised to NFC')
      const record = { leader: fixLeader(leader, repairs), fields }
      out.push({ position: at.position, offset: at.offset, record, repairs, encoding: 'utf8' })
      return
    }
    if (!isMarc(t)) return
    switch (t.local) {
      case 'leader': leader = text; collect = null; break
      case 'controlfield': fields.push({ tag: nfc.of(controlTag), value: nfc.of(text) }); collect = null; break
      case 'subfield':
        if (sub !== null) {
          if (subCode.length !== 1 && [...subCode].length !== 1) repairs.push(`subfield code '${subCode}' is not one character`)
          sub.push({ code: nfc.of(subCode), value: nfc.of(text) })
        } else repairs.push('subfield outside a datafield ignored')
        collect = null
        break
      case 'datafield':
        if (df !== null && sub !== null) fields.push({ tag: df.tag, ind1: df.ind1, ind2: df.ind2, subfields: sub })
        df = null; sub = null
        break
    }
  })

  parser.on('error', e => { fatal ??= e.message })

  const failure = (): MarcReadResult => ({
    position: ++position,
    offset: inRecord ? startLine : parser.line,
    record: null,
    error: `XML not well-formed: ${fatal ?? 'unknown error'}${inRecord ? '' : ' (between records)'}`,
    repairs: []
  })

  let decoder: XmlDecoder | undefined
  for await (const chunk of input) {
    decoder ??= xmlDecoder(chunk)
    parser.write(decoder.write(chunk))
    yield * out.splice(0)
    if (fatal !== undefined) { yield failure(); return }
  }
  if (decoder !== undefined) parser.write(decoder.end())
  parser.close()
  yield * out.splice(0)
  if (fatal !== undefined) yield failure()
}
