import type { DcRecord } from '../../src/model/dc.js'
import type { MarcRecord } from '../../src/model/marc.js'
import type { SourceFormat, StoredRecord } from '../../src/model/record.js'
import { xmlSafe } from '../../src/text/xml.js'
import { MODS_NS, MODS_SCHEMA } from '../../mappings/marc21-to-mods.js'
import { OAI_DC_NS, OAI_DC_SCHEMA } from '../../mappings/dc-to-xml.js'
import { MARCXML_NS as MARC_NS, MARCXML_SCHEMA as MARC_SCHEMA } from '../../mappings/marc21-to-marcxml.js'
import { XSI_NS, type XmlPiece } from './xml-writer.js'

export { MODS_NS, MODS_SCHEMA, OAI_DC_NS, OAI_DC_SCHEMA, MARC_NS, MARC_SCHEMA }

/**
 * The crosswalks a format table is built from (mappings/*). Injected rather than imported here so the
 * protocol layer is tested with small fakes (STYLE.md P7); plugin.ts passes the real ones.
 */
export interface Crosswalks {
  marcToDc (record: MarcRecord): DcRecord
  /** `<oai_dc:dc …>` with its namespaces. */
  dcToOaiDcXml (dc: DcRecord): string
  /** `<marc:record xmlns:marc="http://www.loc.gov/MARC21/slim" …>`. */
  marcToMarcXml (record: MarcRecord): string
  marcToModsXml (record: MarcRecord): string
  dcToModsXml (dc: DcRecord): string
  /**
   * Optional: the same `oai_dc:dc` / MARCXML record already fit for `<metadata>` as is (no XML
   * declaration, xsi:schemaLocation on the root, only characters XML 1.0 allows), so lists skip the
   * asMetadata pass over every record. Without them the plain writers above go through asMetadata.
   */
  oaiDcMetadata? (dc: DcRecord): string
  marcXmlMetadata? (record: MarcRecord): string
  /**
   * Optional: the same MARCXML as marcXmlMetadata, in UTF-8, from the record's stored compact bytes
   * (StoredRecord.marcCompact), without decoding the record: what a full harvest spends most on.
   */
  marcXmlMetadataBytes? (compact: Uint8Array): Uint8Array
}

export interface MetadataFormat {
  readonly prefix: string
  readonly schema: string
  readonly namespace: string
  /** Source formats this format can be disseminated from (C-75: others → cannotDisseminateFormat, left out of lists). */
  readonly sources: readonly SourceFormat[]
  /** Renders a live record's metadata part, as text or UTF-8 bytes. Throws only if the crosswalk itself fails. */
  render (record: StoredRecord): XmlPiece
}

const XML_DECL = /^\s*<\?xml[^?]*\?>\s*/
/**
 * Metadata as it goes inside `<metadata>`: no XML declaration, the root carries xsi:schemaLocation
 * (C-17: the OAI schema validates metadata strictly, harvesters look the schema up from it), and no
 * character XML 1.0 forbids, whatever a crosswalk let through (C-12). Text is NFC because ingest
 * stores NFC and the crosswalks (mappings/) normalise what they join; it is not re-normalised here,
 * which would cost a pass over every record of every harvest.
 */
export function asMetadata (xml: string, namespace: string, schema: string): string {
  let s = xml.charCodeAt(0) === 60 && xml.charCodeAt(1) === 63 ? xml.replace(XML_DECL, '') : xml
  const end = s.indexOf('>')
  if (end > 0 && !s.slice(0, end).includes('schemaLocation')) {
    const head = s.slice(0, s[end - 1] === '/' ? end - 1 : end)
    const xsi = head.includes(`xmlns:xsi="${XSI_NS}"`) ? '' : ` xmlns:xsi="${XSI_NS}"`
    s = `${head}${xsi} xsi:schemaLocation="${namespace} ${schema}"${s.slice(head.length)}`
  }
  return xmlSafe(s)
}

function dcOf (cw: Crosswalks, r: StoredRecord): DcRecord {
  if (r.format === 'dc' && r.dc !== null) return r.dc
  if (r.format === 'marc21' && r.marc !== null) return cw.marcToDc(r.marc)
  throw new Error(`record ${r.id.isil}:${r.id.localId} has no ${r.format} content`)
}

function marcOf (r: StoredRecord): MarcRecord {
  if (r.marc === null) throw new Error(`record ${r.id.isil}:${r.id.localId} has no MARC content`)
  return r.marc
}

/**
 * The metadata formats libgate disseminates (C-71, C-73, §1.9): oai_dc from every record; MARCXML
 * under both conventional prefixes `marc21` and `marcxml` (C-73) from MARC records only; MODS from both.
 */
export function metadataFormats (cw: Crosswalks): readonly MetadataFormat[] {
  const ready = cw.marcXmlMetadata
  const fromRecord = ready !== undefined ? (r: StoredRecord) => ready(marcOf(r)) : (r: StoredRecord) => asMetadata(cw.marcToMarcXml(marcOf(r)), MARC_NS, MARC_SCHEMA)
  const bytes = cw.marcXmlMetadataBytes
  const render = bytes !== undefined ? (r: StoredRecord): XmlPiece => r.marcCompact !== undefined ? bytes(r.marcCompact) : fromRecord(r) : fromRecord
  const marcxml = (prefix: string): MetadataFormat => ({ prefix, schema: MARC_SCHEMA, namespace: MARC_NS, sources: ['marc21'], render })
  const dcReady = cw.oaiDcMetadata
  return [
    {
      prefix: 'oai_dc', schema: OAI_DC_SCHEMA, namespace: OAI_DC_NS, sources: ['marc21', 'dc'],
      render: dcReady !== undefined ? (r) => dcReady(dcOf(cw, r)) : (r) => asMetadata(cw.dcToOaiDcXml(dcOf(cw, r)), OAI_DC_NS, OAI_DC_SCHEMA),
    },
    marcxml('marc21'),
    marcxml('marcxml'),
    {
      prefix: 'mods', schema: MODS_SCHEMA, namespace: MODS_NS, sources: ['marc21', 'dc'],
      render: (r) => asMetadata(r.format === 'marc21' ? cw.marcToModsXml(marcOf(r)) : cw.dcToModsXml(dcOf(cw, r)), MODS_NS, MODS_SCHEMA),
    },
  ]
}

/** The store's source-format filter for a format's lists (undefined: every source qualifies). */
export function storeFormatFilter (f: MetadataFormat): SourceFormat | undefined {
  return f.sources.length === 1 ? f.sources[0] : undefined
}
