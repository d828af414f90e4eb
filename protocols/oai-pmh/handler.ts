import { assertNever } from '../../src/errors.js'
import { parseArguments, type OaiRequest } from './arguments.js'
import { type OaiContext, snapshotSecond, type VerbOutput } from './context.js'
import { formatSeconds } from './datestamps.js'
import { suppressesEcho } from './errors.js'
import { getRecord } from './verbs/get-record.js'
import { identify } from './verbs/identify.js'
import { listMetadataFormats } from './verbs/list-metadata-formats.js'
import { listRecords } from './verbs/list.js'
import { listSets } from './verbs/list-sets.js'
import { ENVELOPE_END, envelopeStart, errorsXml, type XmlPiece } from './xml-writer.js'

export interface OaiResponse {
  readonly verb: OaiRequest['verb'] | undefined
  /** The document, in chunks of text or UTF-8 bytes; lists are produced lazily from the store as they are consumed. */
  readonly chunks: AsyncIterable<XmlPiece>
}

function dispatch (ctx: OaiContext, r: OaiRequest): Promise<VerbOutput> {
  switch (r.verb) {
    case 'Identify': return identify(ctx)
    case 'ListMetadataFormats': return listMetadataFormats(ctx, r.identifier)
    case 'ListSets': return listSets(ctx, r.resumptionToken)
    case 'GetRecord': return getRecord(ctx, r.identifier, r.metadataPrefix)
    case 'ListIdentifiers':
    case 'ListRecords':
      return r.resumptionToken !== undefined ? listRecords(ctx, r.verb, r.resumptionToken, undefined) : listRecords(ctx, r.verb, undefined, r)
    default: return assertNever(r)
  }
}

async function * document (ctx: OaiContext, out: VerbOutput, echo: ReadonlyArray<readonly [string, string]> | undefined): AsyncGenerator<XmlPiece> {
  const errors = out.errors ?? []
  yield envelopeStart(formatSeconds(out.responseSecond), ctx.baseURL, suppressesEcho(errors) ? undefined : echo)
  if (errors.length > 0) yield errorsXml(errors)
  else if (out.body !== undefined) yield * out.body
  yield ENVELOPE_END
}

/**
 * One OAI-PMH request, from its decoded arguments (query string or form body, C-02) to the response
 * document. OAI errors are part of the document (HTTP 200, C-04); only failures of the store or of
 * this code reject (the transport turns them into a plain 500).
 */
export async function handleOai (ctx: OaiContext, pairs: ReadonlyArray<readonly [string, string]>): Promise<OaiResponse> {
  const parsed = parseArguments(pairs)
  if (!parsed.ok) {
    const out: VerbOutput = { responseSecond: await snapshotSecond(ctx), errors: parsed.errors }
    return { verb: undefined, chunks: document(ctx, out, undefined) }
  }
  const out = await dispatch(ctx, parsed.request)
  return { verb: parsed.request.verb, chunks: document(ctx, out, parsed.echo) }
}
