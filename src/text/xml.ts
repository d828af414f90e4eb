/**
 * XML 1.0 text output. MARC data carries control characters (0x1F, 0x1E, stray 0x00–0x08…) that XML 1.0
 * forbids even as character references; they are dropped, never passed through, so every response
 * stays well-formed. Lone surrogates are dropped too.
 */
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const TEXT_SPECIAL = /[&<>]/g
const ATTR_SPECIAL = /[&<>"\r\n\t]/g
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' }

/** Removes characters XML 1.0 cannot carry. */
export function xmlSafe (s: string): string {
  return s.replace(ILLEGAL, '')
}

/** Escapes element content (and drops illegal characters). */
export function escapeText (s: string): string {
  return xmlSafe(s).replace(TEXT_SPECIAL, c => ENTITY[c])
}

/** Escapes an attribute value written in double quotes. */
export function escapeAttr (s: string): string {
  return xmlSafe(s).replace(ATTR_SPECIAL, c => ENTITY[c])
}
