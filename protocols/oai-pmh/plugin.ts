import fp from 'fastify-plugin'
import type { Services } from '../../src/services.js'
import { marcToDc } from '../../mappings/marc21-to-dc.js'
import { dcToOaiDcXml } from '../../mappings/dc-to-xml.js'
import { dcToModsXml, marcToModsXml } from '../../mappings/marc21-to-mods.js'
import { marcToMarcXml } from '../../mappings/marc21-to-marcxml.js'
import { compactMarcToMarcXmlBytes } from '../../mappings/marc21-to-marcxml-bytes.js'
import { CROSSWALK_VERSION } from '../../mappings/crosswalk-version.js'
import { applyCrosswalkVersion } from './crosswalk-version.js'
import type { Crosswalks } from './formats.js'
import { oaiContext } from './options.js'
import { registerOaiRoutes } from './routes.js'

export interface OaiPmhOptions {
  readonly services: Services
}

const MARCXML_OPTIONS = Object.freeze({ prefix: 'marc', schemaLocation: true })

export const CROSSWALKS: Crosswalks = {
  marcToDc,
  dcToOaiDcXml,
  marcToMarcXml: (r) => marcToMarcXml(r, MARCXML_OPTIONS),
  marcToModsXml,
  dcToModsXml,
  // both writers escape every value (dropping what XML 1.0 forbids) and put xsi:schemaLocation on the root
  oaiDcMetadata: dcToOaiDcXml,
  marcXmlMetadata: (r) => marcToMarcXml(r, MARCXML_OPTIONS),
  marcXmlMetadataBytes: (compact) => compactMarcToMarcXmlBytes(compact, MARCXML_OPTIONS),
}

/** OAI-PMH 2.0 data provider at /oai (issue 3). */
export default fp<OaiPmhOptions>(async function oaiPmh (app, opts) {
  await applyCrosswalkVersion(opts.services.store, CROSSWALK_VERSION, opts.services.log)
  registerOaiRoutes(app, { ctx: oaiContext(opts.services, CROSSWALKS) })
}, { name: 'libgate-oai-pmh', fastify: '5.x' })
