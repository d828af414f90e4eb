import { type OaiContext, snapshotSecond, type VerbOutput } from '../context.js'
import { oaiError } from '../errors.js'
import { findRecord } from './get-record.js'
import { el } from '../xml-writer.js'

/**
 * ListMetadataFormats (§4.4): every format, or those an item can be disseminated in. A deleted item
 * keeps the formats of its last source format (it is still reported, as a tombstone, in each).
 */
export async function listMetadataFormats (ctx: OaiContext, identifier: string | undefined): Promise<VerbOutput> {
  const second = await snapshotSecond(ctx)
  let formats = ctx.formats
  if (identifier !== undefined) {
    const rec = await findRecord(ctx, identifier)
    if (rec === undefined) return { responseSecond: second, errors: [oaiError('idDoesNotExist')] }
    formats = formats.filter(f => f.sources.includes(rec.format))
    if (formats.length === 0) return { responseSecond: second, errors: [oaiError('noMetadataFormats')] }
  }
  const body = '<ListMetadataFormats>' +
    formats.map(f => '<metadataFormat>' + el('metadataPrefix', f.prefix) + el('schema', f.schema) + el('metadataNamespace', f.namespace) + '</metadataFormat>').join('') +
    '</ListMetadataFormats>\n'
  return { responseSecond: second, body: [body] }
}
