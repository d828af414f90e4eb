/** Simple (unqualified) Dublin Core: the fifteen elements of DCMES 1.1, each repeatable. */
export const DC_ELEMENTS = [
  'title', 'creator', 'subject', 'description', 'publisher', 'contributor', 'date', 'type',
  'format', 'identifier', 'source', 'language', 'relation', 'coverage', 'rights',
] as const

export type DcElementName = typeof DC_ELEMENTS[number]

export interface DcElement {
  readonly name: DcElementName
  readonly value: string
  readonly lang?: string // xml:lang when the source gave one
}

export interface DcRecord {
  readonly elements: readonly DcElement[]
}

export function isDcElementName (s: string): s is DcElementName {
  return (DC_ELEMENTS as readonly string[]).includes(s)
}

