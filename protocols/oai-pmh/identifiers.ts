import { isIsil, type Isil } from '../../src/model/isil.js'
import type { RecordId } from '../../src/model/record.js'

/**
 * Item identifiers in the oai-identifier scheme (guidelines-oai-identifier; CONTRACT.md):
 * `oai:{repositoryId}:{ISIL}:{local id}`. The local part may hold only the characters the scheme's
 * schema allows (`[a-zA-Z0-9\-_.!~*'();/?:@&=+$,%]`), so anything else in a MARC 001 (spaces,
 * Vietnamese letters, quotes) is percent-encoded as UTF-8, and `%` itself too, which makes the
 * mapping reversible.
 */
const LOCAL_SAFE = /[^A-Za-z0-9\-_.!~*'();/?:@&=+$,]/gu

const ALL_SAFE = /^[A-Za-z0-9\-_.!~*'();/?:@&=+$,]*$/

function encodeLocal (s: string): string {
  if (ALL_SAFE.test(s)) return s
  return s.replace(LOCAL_SAFE, c => encodeURIComponent(c).replace(/[!'()*]/g, x => '%' + x.charCodeAt(0).toString(16).toUpperCase()))
}

export function oaiIdentifier (repositoryId: string, id: RecordId): string {
  return `oai:${repositoryId}:${id.isil}:${encodeLocal(id.localId)}`
}

/**
 * Every RecordId an identifier may denote. An ISIL may itself contain `:`, so each split point whose
 * left part is a well-formed ISIL is a candidate (usually exactly one); the store decides which exists.
 * Empty when the identifier is not of this repository (→ idDoesNotExist).
 */
export function recordIdCandidates (repositoryId: string, identifier: string): RecordId[] {
  const prefix = `oai:${repositoryId}:`
  if (!identifier.startsWith(prefix)) return []
  const rest = identifier.slice(prefix.length)
  const out: RecordId[] = []
  for (let i = rest.indexOf(':'); i > 0; i = rest.indexOf(':', i + 1)) {
    const isil = rest.slice(0, i)
    const encoded = rest.slice(i + 1)
    if (!isIsil(isil) || encoded === '') continue
    let localId: string
    try { localId = decodeURIComponent(encoded) } catch { continue }
    // only the canonical encoding names a record, so one item has exactly one identifier (C-80)
    if (encodeLocal(localId) !== encoded) continue
    out.push({ isil: isil as Isil, localId })
  }
  return out
}
