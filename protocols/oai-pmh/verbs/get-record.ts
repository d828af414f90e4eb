import type { StoredRecord } from '../../../src/model/record.js'
import { formatByPrefix, type OaiContext, snapshotSecond, validSetSpecs, type VerbOutput } from '../context.js'
import { formatStamp } from '../datestamps.js'
import { oaiError } from '../errors.js'
import type { MetadataFormat } from '../formats.js'
import { oaiIdentifier, recordIdCandidates } from '../identifiers.js'
import { headerXml, provenanceXml, recordXml, type XmlPiece } from '../xml-writer.js'

/** The stored record an OAI identifier names, live or deleted; undefined if none. */
export async function findRecord (ctx: OaiContext, identifier: string): Promise<StoredRecord | undefined> {
  for (const id of recordIdCandidates(ctx.repositoryId, identifier)) {
    const r = await ctx.store.get(id)
    if (r !== undefined) return r
  }
  return undefined
}

export function recordHeader (ctx: OaiContext, r: StoredRecord): string {
  return headerXml(oaiIdentifier(ctx.repositoryId, r.id), formatStamp(r.stamp), validSetSpecs(r.sets), r.deleted)
}

/**
 * A whole `<record>`: a tombstone is its header only (§2.5.1, C-51); a live record gets metadata and,
 * when it was harvested from upstream, a provenance `about` (C-74). Undefined when the crosswalk fails
 * on this record (logged; the caller leaves it out or reports cannotDisseminateFormat).
 */
export function renderRecord (ctx: OaiContext, format: MetadataFormat, r: StoredRecord): XmlPiece[] | undefined {
  const header = recordHeader(ctx, r)
  if (r.deleted) return recordXml(header, undefined)
  let metadata: XmlPiece
  try {
    metadata = ctx.cache.get(format.prefix, r, () => format.render(r))
  } catch (e) {
    ctx.log.warn({ err: e, isil: r.id.isil, localId: r.id.localId, metadataPrefix: format.prefix }, 'crosswalk failed; record left out')
    return undefined
  }
  return recordXml(header, metadata, r.provenance !== null ? [provenanceXml(r.provenance)] : [])
}

/** GetRecord (§4.1). */
export async function getRecord (ctx: OaiContext, identifier: string, metadataPrefix: string): Promise<VerbOutput> {
  const second = await snapshotSecond(ctx)
  const format = formatByPrefix(ctx, metadataPrefix)
  if (format === undefined) return { responseSecond: second, errors: [oaiError('cannotDisseminateFormat', `'${metadataPrefix}' is not a metadata format of this repository.`)] }
  const r = await findRecord(ctx, identifier)
  if (r === undefined) return { responseSecond: second, errors: [oaiError('idDoesNotExist')] }
  if (!r.deleted && !format.sources.includes(r.format)) {
    return { responseSecond: second, errors: [oaiError('cannotDisseminateFormat', `This item cannot be disseminated as '${metadataPrefix}'.`)] }
  }
  const xml = renderRecord(ctx, format, r)
  if (xml === undefined) return { responseSecond: second, errors: [oaiError('cannotDisseminateFormat', `This item cannot be disseminated as '${metadataPrefix}'.`)] }
  return { responseSecond: second, body: ['<GetRecord>', ...xml, '</GetRecord>\n'] }
}
