import { LibgateError } from '../errors.js'
import type { MarcField, MarcRecord, Subfield } from './marc.js'

/**
 * The canonical serialised form of a MARC record: compact JSON, about half the size of MARC-in-JSON
 * and decoded by the engine's JSON.parse. `[leader, field...]`; a control field is the string
 * tag+value (`"001VN-1"`), a data field the array `[tag, ind1+ind2, code, value, code, value...]`.
 * The store keeps it as the record's body and hashes it, so it must be deterministic; it lives in the
 * model because renderers that work on the stored bytes (mappings/marc21-to-marcxml-bytes.ts) read it
 * too.
 */
export function encodeMarcCompact (r: MarcRecord): string {
  const out: unknown[] = [r.leader]
  for (const f of r.fields) {
    if ('value' in f) { out.push(f.tag + f.value); continue }
    const a: string[] = [f.tag, f.ind1 + f.ind2]
    for (const s of f.subfields) a.push(s.code, s.value)
    out.push(a)
  }
  return JSON.stringify(out)
}

export function decodeMarcCompact (body: string): MarcRecord {
  const a = JSON.parse(body) as unknown
  if (!Array.isArray(a) || typeof a[0] !== 'string') throw new LibgateError('LG_ERR_STORE_CORRUPT', 'stored MARC record is not in the expected form')
  const fields: MarcField[] = []
  for (let i = 1; i < a.length; i++) {
    const f = a[i] as unknown
    if (typeof f === 'string') { fields.push({ tag: f.slice(0, 3), value: f.slice(3) }); continue }
    if (!Array.isArray(f) || f.length < 2) throw new LibgateError('LG_ERR_STORE_CORRUPT', 'stored MARC field is not in the expected form')
    const d = f as string[]
    const subfields: Subfield[] = []
    for (let j = 2; j + 1 < d.length; j += 2) subfields.push({ code: d[j], value: d[j + 1] })
    fields.push({ tag: d[0], ind1: d[1].charAt(0), ind2: d[1].charAt(1), subfields })
  }
  return { leader: a[0], fields }
}
