import { LibgateError } from '../errors.js'

/**
 * ISIL (ISO 15511): a prefix (ISO 3166-1 alpha-2 country code, or 1–4 letters for non-country
 * agencies), a hyphen, then the library's own part; at most 16 characters of A–Z a–z 0–9 - / :.
 * No Vietnamese registry exists, so any well-formed `VN-…` is accepted (MISSION.md).
 */
export type Isil = string & { readonly __isil: unique symbol }

const ISIL_RE = /^[A-Za-z]{1,4}-[A-Za-z0-9:/-]{1,11}$/

export function isIsil (s: string): s is Isil {
  return s.length <= 16 && ISIL_RE.test(s)
}

export function parseIsil (s: string): Isil {
  if (!isIsil(s)) {
    throw new LibgateError('LG_ERR_BAD_ISIL', `'${s}' is not an ISIL (ISO 15511: e.g. VN-HNLIB, at most 16 characters of A-Z a-z 0-9 - / :)`)
  }
  return s
}
