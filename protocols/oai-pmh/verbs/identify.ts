import { escapeText } from '../../../src/text/xml.js'
import { type OaiContext, snapshotSecond, type VerbOutput } from '../context.js'
import { formatSeconds, stampSecond } from '../datestamps.js'
import { el, XSI_NS } from '../xml-writer.js'

export const COMPRESSION = ['gzip', 'deflate'] as const

const OAI_ID_NS = 'http://www.openarchives.org/OAI/2.0/oai-identifier'
const OAI_ID_SCHEMA = 'http://www.openarchives.org/OAI/2.0/oai-identifier.xsd'

/**
 * Identify (§4.2), elements in schema order (§1.11). earliestDatestamp is the real oldest change,
 * tombstones included (C-29); on an empty store the snapshot second, a true lower bound of every
 * datestamp still to come. `identity` compression is implied and not listed (C-08).
 */
export async function identify (ctx: OaiContext): Promise<VerbOutput> {
  const second = await snapshotSecond(ctx)
  const earliest = await ctx.store.earliestStamp()
  const libraries = await ctx.store.libraries()
  const sample = `oai:${ctx.repositoryId}:${libraries[0] ?? 'VN-HN'}:000001`
  const body = '<Identify>' +
    el('repositoryName', ctx.repositoryName) +
    el('baseURL', ctx.baseURL) +
    '<protocolVersion>2.0</protocolVersion>' +
    el('adminEmail', ctx.adminEmail) +
    `<earliestDatestamp>${formatSeconds(earliest === undefined ? second : stampSecond(earliest))}</earliestDatestamp>` +
    '<deletedRecord>persistent</deletedRecord>' +
    '<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>' +
    COMPRESSION.map(c => `<compression>${c}</compression>`).join('') +
    `<description><oai-identifier xmlns="${OAI_ID_NS}" xmlns:xsi="${XSI_NS}" xsi:schemaLocation="${OAI_ID_NS} ${OAI_ID_SCHEMA}">` +
    '<scheme>oai</scheme>' +
    `<repositoryIdentifier>${escapeText(ctx.repositoryId)}</repositoryIdentifier>` +
    '<delimiter>:</delimiter>' +
    `<sampleIdentifier>${escapeText(sample)}</sampleIdentifier>` +
    '</oai-identifier></description>' +
    '</Identify>\n'
  return { responseSecond: second, body: [body] }
}
