import { createHmac, timingSafeEqual } from 'node:crypto'
import type { ListVerb } from './arguments.js'

/**
 * Stateless resumption tokens (OAI-PMH 2.0 §3.5; research/oai-pmh.md C-47). A token carries the
 * whole list state, so any instance holding the same secret serves the next page after a restart:
 * the original arguments, the pinned snapshot (the list never reaches past `untilStamp`, fixed when
 * the list started), the keyset position (the last stamp served; stamps are unique), cursor,
 * completeListSize and an expiry. It is HMAC-SHA256-signed over the verb too, so a forged, altered
 * or cross-verb token is a badResumptionToken. Alphabet: base64url plus '.', safe unencoded (C-03).
 */

export interface ListState {
  readonly verb: ListVerb
  readonly metadataPrefix: string
  readonly set?: string
  /** Inclusive lower bound, µs. */
  readonly fromStamp?: number
  /** Inclusive upper bound, µs: the harvester's `until` capped by the snapshot taken at list start. */
  readonly untilStamp: number
  /** The responseDate of every page of this list (epoch seconds): see verbs/list.ts. */
  readonly responseSecond: number
  /** Keyset position: the last stamp served (exclusive lower bound of the next page). */
  readonly after: number
  /** List elements returned before the page this token asks for. */
  readonly cursor: number
  readonly completeListSize: number
  /** Epoch seconds after which the token is refused. */
  readonly expires: number
}

export type DecodeResult =
  | { readonly ok: true, readonly state: ListState }
  | { readonly ok: false, readonly reason: 'malformed' | 'signature' | 'expired' | 'verb' }

const VERSION = 1
const VERB_CODE: Record<ListVerb, string> = { ListIdentifiers: 'I', ListRecords: 'R' }

function sign (secret: string, verb: ListVerb, payload: string): Buffer {
  return createHmac('sha256', secret).update(`libgate-oai-pmh\n${verb}\n${payload}`).digest()
}

export function encodeToken (state: ListState, secret: string): string {
  const body = [VERSION, VERB_CODE[state.verb], state.metadataPrefix, state.set ?? null, state.fromStamp ?? null, state.untilStamp,
    state.responseSecond, state.after, state.cursor, state.completeListSize, state.expires]
  const payload = Buffer.from(JSON.stringify(body), 'utf8').toString('base64url')
  return `${payload}.${sign(secret, state.verb, payload).toString('base64url')}`
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0

/**
 * Verifies and decodes a token for `verb` at time `nowSeconds`. Total: returns a reason for anything
 * that is not a token we issued for this verb and still valid; never throws.
 */
export function decodeToken (token: string, verb: ListVerb, secret: string, nowSeconds: number): DecodeResult {
  const dot = token.indexOf('.')
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return { ok: false, reason: 'malformed' }
  const payload = token.slice(0, dot)
  const given = Buffer.from(token.slice(dot + 1), 'base64url')
  const expected = sign(secret, verb, payload)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    // distinguish a token of the other list verb only for a clearer message; both are badResumptionToken
    const other: ListVerb = verb === 'ListRecords' ? 'ListIdentifiers' : 'ListRecords'
    const o = sign(secret, other, payload)
    return { ok: false, reason: given.length === o.length && timingSafeEqual(given, o) ? 'verb' : 'signature' }
  }
  let body: unknown
  try { body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) } catch { return { ok: false, reason: 'malformed' } }
  if (!Array.isArray(body) || body.length !== 11 || body[0] !== VERSION || body[1] !== VERB_CODE[verb]) return { ok: false, reason: 'malformed' }
  const [, , metadataPrefix, set, fromStamp, untilStamp, responseSecond, after, cursor, completeListSize, expires] = body as unknown[]
  if (typeof metadataPrefix !== 'string' || (set !== null && typeof set !== 'string') || (fromStamp !== null && !isCount(fromStamp)) ||
    !isCount(untilStamp) || !isCount(responseSecond) || !isCount(after) || !isCount(cursor) || !isCount(completeListSize) || !isCount(expires)) {
    return { ok: false, reason: 'malformed' }
  }
  if (nowSeconds > expires) return { ok: false, reason: 'expired' }
  return {
    ok: true,
    state: {
      verb, metadataPrefix, untilStamp, responseSecond, after, cursor, completeListSize, expires,
      ...(set !== null ? { set } : {}),
      ...(fromStamp !== null ? { fromStamp } : {}),
    },
  }
}
