/**
 * MARC-in-JSON (the shape of @natlibfi and the MiJ proposal):
 * {"leader": "…", "fields": [{"001": "…"}, {"245": {"ind1": "1", "ind2": "0", "subfields": [{"a": "…"}]}}]}
 */
import { ProtocolError } from '../../errors.js'
import { isControlField, type MarcField, type MarcRecord, type Subfield } from '../../model/marc.js'

export interface MijDataField { ind1: string, ind2: string, subfields: Array<Record<string, string>> }
export interface MijRecord { leader: string, fields: Array<Record<string, string | MijDataField>> }

/** A record as a MiJ object. */
export function toMij (record: MarcRecord): MijRecord {
  return {
    leader: record.leader,
    fields: record.fields.map(f => isControlField(f)
      ? { [f.tag]: f.value }
      : { [f.tag]: { ind1: f.ind1, ind2: f.ind2, subfields: f.subfields.map(s => ({ [s.code]: s.value })) } })
  }
}

function bad (why: string): never {
  throw new ProtocolError('LG_ERR_MIJ_SHAPE', `not a MARC-in-JSON record: ${why}`)
}

function isObject (x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

function soleKey (o: Record<string, unknown>, what: string): string {
  const keys = Object.keys(o)
  if (keys.length !== 1) bad(`${what} must have exactly one key, found ${keys.length}`)
  return keys[0]
}

/** A MiJ object as a record (strings as given: readers normalise). Throws ProtocolError on a bad shape. */
export function fromMij (obj: unknown): MarcRecord {
  if (!isObject(obj)) bad('not an object')
  const { leader, fields } = obj
  if (typeof leader !== 'string') bad('"leader" is not a string')
  if (!Array.isArray(fields)) bad('"fields" is not an array')
  const out: MarcField[] = fields.map((f: unknown, i: number): MarcField => {
    if (!isObject(f)) bad(`field ${i + 1} is not an object`)
    const tag = soleKey(f, `field ${i + 1}`)
    const v = f[tag]
    if (typeof v === 'string') return { tag, value: v }
    if (!isObject(v)) bad(`field ${tag} is neither a string nor an object`)
    const { ind1 = ' ', ind2 = ' ', subfields } = v
    if (typeof ind1 !== 'string' || typeof ind2 !== 'string') bad(`field ${tag}: indicators are not strings`)
    if (!Array.isArray(subfields)) bad(`field ${tag}: "subfields" is not an array`)
    const subs: Subfield[] = subfields.map((s: unknown): Subfield => {
      if (!isObject(s)) bad(`field ${tag}: a subfield is not an object`)
      const code = soleKey(s, `a subfield of ${tag}`)
      const value = s[code]
      if (typeof value !== 'string') bad(`field ${tag} $${code} is not a string`)
      return { code, value }
    })
    return { tag, ind1, ind2, subfields: subs }
  })
  return { leader, fields: out }
}
