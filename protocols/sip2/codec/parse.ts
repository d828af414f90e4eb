import { ProtocolError } from '../../../src/errors.js'
import { fixedLength, isSip2Code, REPEATABLE, SIP2_MESSAGES, type FixedName, type Sip2Code } from './messages.js'

/** One decoded SIP2 message: named fixed fields and the ID'd fields in wire order. */
export interface Sip2Message<C extends Sip2Code = Sip2Code> {
  readonly code: C
  readonly fixed: { readonly [K in FixedName<C>]: string }
  readonly fields: ReadonlyArray<readonly [string, string]>
}

/** A message of any command, discriminated by `code`. */
export type AnySip2Message = { [C in Sip2Code]: Sip2Message<C> }[Sip2Code]

/**
 * Parses one message body (terminator and `AY`/`AZ` trailer already removed by the frame layer).
 * Liberal on input (research/sip2.md §1.2): ID'd fields in any order, unknown IDs ignored, a
 * duplicate non-repeatable field keeps its first value, empty segments (`|||`) skipped, a missing
 * final `|` accepted. Fixed fields must be there at their exact widths. Throws only ProtocolError.
 */
export function parseSip2 (text: string): AnySip2Message {
  const code = text.slice(0, 2)
  if (!isSip2Code(code)) throw new ProtocolError('LG_ERR_SIP2_UNKNOWN_COMMAND', `unknown SIP2 command '${printable(code)}'`)
  const def = SIP2_MESSAGES[code]
  const need = fixedLength(code)
  if (text.length < need) throw new ProtocolError('LG_ERR_SIP2_SHORT', `SIP2 ${code} needs ${need} characters of fixed fields, got ${text.length}`)
  const fixed: Record<string, string> = {}
  let at = 2
  for (const [name, width] of def.fixed) {
    fixed[name] = text.slice(at, at + width)
    at += width
  }
  const known: readonly string[] = def.fields
  const fields: Array<readonly [string, string]> = []
  const seen = new Set<string>()
  for (const seg of text.slice(at).split('|')) {
    if (seg.length < 2) continue
    const id = seg.slice(0, 2)
    if (!known.includes(id)) continue
    if (seen.has(id) && !REPEATABLE.has(id)) continue
    seen.add(id)
    fields.push([id, seg.slice(2)])
  }
  return { code, fixed, fields } as unknown as AnySip2Message
}

/** First value of an ID'd field, or undefined when absent. */
export function field (m: { readonly fields: ReadonlyArray<readonly [string, string]> }, id: string): string | undefined {
  for (const [k, v] of m.fields) if (k === id) return v
  return undefined
}

/** Every value of a repeatable ID'd field. */
export function fieldAll (m: { readonly fields: ReadonlyArray<readonly [string, string]> }, id: string): string[] {
  const out: string[] = []
  for (const [k, v] of m.fields) if (k === id) out.push(v)
  return out
}

function printable (s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?')
}
