import { LibgateError } from '../../../src/errors.js'
import { SIP2_MESSAGES, type FieldId, type FixedName, type Sip2Code } from './messages.js'

/** What the session hands to the formatter: every fixed field, and ID'd fields (undefined = left out). */
export interface Sip2Out<C extends Sip2Code> {
  readonly code: C
  readonly fixed: { readonly [K in FixedName<C>]: string }
  readonly fields: ReadonlyArray<readonly [FieldId<C>, string | undefined]>
}

/** An outgoing message of any command, discriminated by `code`. */
export type AnySip2Out = { [C in Sip2Code]: Sip2Out<C> }[Sip2Code]

// `|` is only a delimiter and CR only a terminator; NUL may not appear (spec). Koha writes `&#124;`;
// a space reads better on a receipt.
function clean (v: string): string {
  return v.replace(/[|\r\n\0]/g, ' ')
}

/**
 * Formats one message strictly (research/sip2.md §1.2 "strict on output"): fixed fields at their
 * exact widths (a wrong width is our bug and throws), ID'd fields in the table's order, each ended
 * by `|`, unused optional fields left out entirely. The trailer is added after encoding.
 */
export function formatSip2 (m: AnySip2Out): string {
  const def = SIP2_MESSAGES[m.code]
  let out: string = m.code
  const fixed = m.fixed as Record<string, string>
  for (const [name, width] of def.fixed as ReadonlyArray<readonly [string, number]>) {
    const v = fixed[name]
    if (v === undefined || v.length !== width) throw new LibgateError('LG_ERR_SIP2_FORMAT', `SIP2 ${m.code} ${name} must be ${width} characters, got ${JSON.stringify(v)}`)
    out += v
  }
  for (const id of def.fields as readonly string[]) {
    for (const [k, v] of m.fields as ReadonlyArray<readonly [string, string | undefined]>) {
      if (k === id && v !== undefined) out += `${id}${clean(v)}|`
    }
  }
  return out
}
