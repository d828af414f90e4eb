import type { StoredRecord } from '../../../src/model/record.js'
import type { ChangeQuery } from '../../../src/store/port.js'
import type { ListArgs, ListVerb } from '../arguments.js'
import { formatByPrefix, type OaiContext, snapshotSecond, type VerbOutput } from '../context.js'
import { formatSeconds, fromStamp, secondStart, untilStamp } from '../datestamps.js'
import { oaiError } from '../errors.js'
import { type MetadataFormat, storeFormatFilter } from '../formats.js'
import { decodeToken, encodeToken, type ListState } from '../resumption-token.js'
import { resumptionTokenXml, type XmlPiece } from '../xml-writer.js'
import { recordHeader, renderRecord } from './get-record.js'

/** Records fetched from the store per round trip: a page is streamed in pieces, never held whole. */
const CHUNK = 100
/** Output is flushed to the socket in pieces of about this many characters (or bytes). */
const FLUSH_CHARS = 64 * 1024

/**
 * Pieces gathered into one chunk to flush: text stays one string while only text comes (ListIdentifiers,
 * oai_dc); once a renderer hands bytes (MARCXML), the text between them is encoded and the chunk is
 * one Buffer.
 */
class Chunk {
  private parts: Uint8Array[] = []
  private text = ''
  size = 0

  add (pieces: readonly XmlPiece[]): void {
    for (const p of pieces) {
      if (typeof p === 'string') { this.text += p; this.size += p.length; continue }
      if (this.text !== '') { this.parts.push(Buffer.from(this.text, 'utf8')); this.text = '' }
      this.parts.push(p)
      this.size += p.length
    }
  }

  take (): XmlPiece {
    let out: XmlPiece = this.text
    if (this.parts.length > 0) {
      if (this.text !== '') this.parts.push(Buffer.from(this.text, 'utf8'))
      out = Buffer.concat(this.parts)
    }
    this.parts = []
    this.text = ''
    this.size = 0
    return out
  }
}

const TOKEN_MESSAGES = {
  malformed: 'The resumptionToken is not one this repository issued.',
  signature: 'The resumptionToken is not one this repository issued, or it was altered.',
  expired: 'The resumptionToken has expired; restart the list from your last from date.',
  verb: 'The resumptionToken was issued for another verb.',
} as const

type Start = { readonly state: ListState, readonly resumed: boolean, readonly format: MetadataFormat } | { readonly output: VerbOutput }

async function start (ctx: OaiContext, verb: ListVerb, token: string | undefined, args: ListArgs | undefined): Promise<Start> {
  const nowSeconds = Math.floor(ctx.now() / 1000)
  if (token !== undefined) {
    const d = decodeToken(token, verb, ctx.secret, nowSeconds)
    if (!d.ok) return { output: { responseSecond: await snapshotSecond(ctx), errors: [oaiError('badResumptionToken', TOKEN_MESSAGES[d.reason])] } }
    const format = formatByPrefix(ctx, d.state.metadataPrefix)
    if (format === undefined) return { output: { responseSecond: d.state.responseSecond, errors: [oaiError('badResumptionToken', TOKEN_MESSAGES.malformed)] } }
    return { state: d.state, resumed: true, format }
  }
  const a = args!
  const second = await snapshotSecond(ctx)
  const format = formatByPrefix(ctx, a.metadataPrefix)
  if (format === undefined) return { output: { responseSecond: second, errors: [oaiError('cannotDisseminateFormat', `'${a.metadataPrefix}' is not a metadata format of this repository.`)] } }
  // The snapshot: only stamps before the current (incomplete) second; see snapshotSecond.
  const cap = secondStart(second) - 1
  const from = a.from !== undefined ? fromStamp(a.from) : undefined
  const until = a.until !== undefined ? Math.min(untilStamp(a.until), cap) : cap
  const noMatch = { output: { responseSecond: second, errors: [oaiError('noRecordsMatch')] } }
  if (from !== undefined && from > until) return noMatch
  const q = { ...(from !== undefined ? { fromStamp: from } : {}), untilStamp: until, ...(a.set !== undefined ? { set: a.set } : {}), ...formatQuery(format) }
  const total = await ctx.store.countChanges(q)
  // an unknown (syntactically valid) set is simply an empty list (research §1.5: noRecordsMatch)
  if (total === 0) return noMatch
  const state: ListState = {
    verb, metadataPrefix: a.metadataPrefix, untilStamp: until, responseSecond: second, after: -1, cursor: 0, completeListSize: total, expires: 0,
    ...(from !== undefined ? { fromStamp: from } : {}),
    ...(a.set !== undefined ? { set: a.set } : {}),
  }
  return { state, resumed: false, format }
}

function formatQuery (format: MetadataFormat): Pick<ChangeQuery, 'format'> {
  const f = storeFormatFilter(format)
  return f !== undefined ? { format: f } : {}
}

/**
 * ListIdentifiers (§4.3) and ListRecords (§4.5). Keyset paging on the unique change stamp (never
 * OFFSET): page N costs what page 1 costs. Every page of a list is bounded by the snapshot taken when
 * the list started (`untilStamp` in the token), so a record changed during a long harvest moves past
 * the bound: it is not served twice within the list, and the next incremental harvest (from this
 * list's responseDate, which every page repeats) picks it up. The first chunk is read before the
 * response starts, so an empty result is still a proper noRecordsMatch.
 */
export async function listRecords (ctx: OaiContext, verb: ListVerb, token: string | undefined, args: ListArgs | undefined): Promise<VerbOutput> {
  const s = await start(ctx, verb, token, args)
  if ('output' in s) return s.output
  const { state, resumed, format } = s
  const pageSize = ctx.pageSize
  const base: ChangeQuery = {
    ...(state.fromStamp !== undefined ? { fromStamp: state.fromStamp } : {}),
    untilStamp: state.untilStamp,
    ...(state.set !== undefined ? { set: state.set } : {}),
    ...formatQuery(format),
    limit: 0,
  }
  const fetch = (after: number, limit: number): Promise<StoredRecord[]> =>
    ctx.store.listChanges({ ...base, ...(after >= 0 ? { after: { stamp: after } } : {}), limit })

  const render = (r: StoredRecord): readonly XmlPiece[] | undefined => {
    if (verb === 'ListIdentifiers') return [recordHeader(ctx, r) + '\n']
    if (!r.deleted && !format.sources.includes(r.format)) return undefined
    return renderRecord(ctx, format, r)
  }

  // Read (and for ListRecords render) until the first item exists: the response must not start
  // before we know the list is not empty (the schema needs at least one element).
  let consumed = 0
  let last = state.after
  let served = 0
  const head = new Chunk()
  let chunk: StoredRecord[] = []
  let requested = 0
  let exhausted = false
  let i = 0
  const nextChunk = async (): Promise<void> => {
    requested = Math.min(CHUNK, pageSize + 1 - consumed)
    chunk = await fetch(last, requested)
    i = 0
    if (chunk.length < requested) exhausted = true
  }
  await nextChunk()
  while (served === 0 && (i < chunk.length || !exhausted)) {
    if (i === chunk.length) { await nextChunk(); continue }
    if (consumed === pageSize) break
    const r = chunk[i++]
    consumed++
    last = r.stamp
    const xml = render(r)
    if (xml !== undefined) { head.add(xml); served++ }
  }
  if (served === 0) {
    return { responseSecond: state.responseSecond, errors: [oaiError('noRecordsMatch', resumed ? 'No records remain in this list: the rest changed since the list began; harvest again from its responseDate.' : undefined)] }
  }

  async function * body (): AsyncGenerator<XmlPiece> {
    yield `<${verb}>\n`
    const buf = head
    let more = false
    for (;;) {
      if (i === chunk.length) {
        if (exhausted) break
        await nextChunk()
        if (chunk.length === 0) break
        continue
      }
      if (consumed === pageSize) { more = true; break }
      const r = chunk[i++]
      consumed++
      last = r.stamp
      const xml = render(r)
      if (xml === undefined) continue
      buf.add(xml)
      served++
      if (buf.size >= FLUSH_CHARS) yield buf.take()
    }
    const size = Math.max(state.completeListSize, state.cursor + served + (more ? 1 : 0))
    if (more) {
      const expires = Math.floor(ctx.now() / 1000) + ctx.tokenTtl
      const next = encodeToken({ ...state, after: last, cursor: state.cursor + served, completeListSize: size, expires }, ctx.secret)
      buf.add([resumptionTokenXml({ token: next, expirationDate: formatSeconds(expires), completeListSize: size, cursor: state.cursor })])
    } else if (resumed) {
      buf.add([resumptionTokenXml({ token: '', completeListSize: size, cursor: state.cursor })])
    }
    buf.add([`</${verb}>\n`])
    yield buf.take()
    // one line per list (its last page) for the operator: who harvested what, how much
    const summary = { verb, metadataPrefix: state.metadataPrefix, set: state.set, cursor: state.cursor, served, completeListSize: size }
    if (more) ctx.log.debug(summary, 'oai list page')
    else ctx.log.info(summary, 'oai list served')
  }
  return { responseSecond: state.responseSecond, body: body() }
}
