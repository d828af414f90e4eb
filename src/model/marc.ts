/**
 * The MARC record model: the @natlibfi / MARC-in-JSON-compatible shape. Strings are always NFC
 * once a record has been through ingest; byte lengths are a concern of the ISO 2709 writer only.
 */
export interface ControlField {
  readonly tag: string // '001'…'009' (and anything the source used that has no indicators)
  readonly value: string
}

export interface Subfield {
  readonly code: string
  readonly value: string
}

export interface DataField {
  readonly tag: string
  readonly ind1: string // one character, ' ' when blank
  readonly ind2: string
  readonly subfields: readonly Subfield[]
}

export type MarcField = ControlField | DataField

export interface MarcRecord {
  readonly leader: string // 24 characters
  readonly fields: readonly MarcField[]
}

export function isControlField (f: MarcField): f is ControlField {
  return (f as ControlField).value !== undefined
}

export function isDataField (f: MarcField): f is DataField {
  return (f as DataField).subfields !== undefined
}

/** First control field value with `tag`, or undefined. */
export function controlValue (r: MarcRecord, tag: string): string | undefined {
  for (const f of r.fields) if (f.tag === tag && isControlField(f)) return f.value
  return undefined
}

/** Every data field with `tag`. */
export function dataFields (r: MarcRecord, tag: string): DataField[] {
  const out: DataField[] = []
  for (const f of r.fields) if (f.tag === tag && isDataField(f)) out.push(f)
  return out
}

/** Values of subfield `code` of a data field, in order. */
export function subfieldValues (f: DataField, codes: string): string[] {
  const out: string[] = []
  for (const s of f.subfields) if (codes.includes(s.code)) out.push(s.value)
  return out
}
