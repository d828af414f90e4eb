import type { StoredRecord } from '../../src/model/record.js'
import { marcToDc } from '../../mappings/marc21-to-dc.js'
import { dcToOaiDcXml, dcToSrwDcXml } from '../../mappings/dc-to-xml.js'
import { dcToMarc } from '../../mappings/dc-to-marc21.js'
import { marcToMarcXml } from '../../mappings/marc21-to-marcxml.js'
import { marcToModsXml, dcToModsXml } from '../../mappings/marc21-to-mods.js'

/**
 * The record schemas SRU serves (research §1.4), one row each. The renderer, the recordSchema
 * parameter check and the explain record's schemaInfo all read this table.
 */
export interface RecordSchemaRow {
  readonly name: string
  readonly identifier: string
  readonly title: string
  /** Other names clients send for it (older identifiers, URIs of the namespace). */
  readonly aliases: readonly string[]
  /** The record as XML (one element, no declaration). Throws when the record cannot be shown in it. */
  readonly render: (r: StoredRecord) => string
}

function marcOf (r: StoredRecord): NonNullable<StoredRecord['marc']> {
  if (r.marc !== null) return r.marc
  if (r.dc !== null) return dcToMarc(r.dc)
  throw new Error('record has no content')
}

function dcOf (r: StoredRecord): NonNullable<StoredRecord['dc']> {
  if (r.dc !== null) return r.dc
  if (r.marc !== null) return marcToDc(r.marc)
  throw new Error('record has no content')
}

export const RECORD_SCHEMAS: readonly RecordSchemaRow[] = [
  {
    name: 'marcxml',
    identifier: 'info:srw/schema/1/marcxml-v1.1',
    title: 'MARCXML (MARC 21 slim)',
    aliases: ['info:srw/schema/1/marcxml-v1.1-light', 'http://www.loc.gov/MARC21/slim', 'marc21', 'marc'],
    render: r => marcToMarcXml(marcOf(r)),
  },
  {
    name: 'dc',
    identifier: 'info:srw/schema/1/dc-v1.1',
    title: 'Dublin Core (SRW DC)',
    aliases: ['info:srw/schema/1/dc-schema', 'srw_dc', 'http://purl.org/dc/elements/1.1/'],
    render: r => dcToSrwDcXml(dcOf(r)),
  },
  {
    name: 'mods',
    identifier: 'info:srw/schema/1/mods-v3.6',
    title: 'MODS 3.6',
    aliases: ['info:srw/schema/1/mods-v3.5', 'info:srw/schema/1/mods-v3.4', 'info:srw/schema/1/mods-v3.3', 'http://www.loc.gov/mods/v3'],
    render: r => r.marc !== null ? marcToModsXml(r.marc) : dcToModsXml(dcOf(r)),
  },
  {
    name: 'oai_dc',
    identifier: 'http://www.openarchives.org/OAI/2.0/oai_dc/',
    title: 'OAI Dublin Core',
    aliases: ['oai-dc'],
    render: r => dcToOaiDcXml(dcOf(r)),
  },
]

/** The default recordSchema (explain `configInfo/default[@type=retrieveSchema]`). */
export const DEFAULT_SCHEMA = RECORD_SCHEMAS[0]

/** A schema by short name, identifier or alias, case-insensitively (research §1.4). */
export function findSchema (name: string): RecordSchemaRow | undefined {
  const n = name.toLowerCase()
  return RECORD_SCHEMAS.find(s => s.name === n || s.identifier.toLowerCase() === n || s.aliases.some(a => a.toLowerCase() === n))
}
