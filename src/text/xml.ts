/**
 * XML 1.0 text output. MARC data carries control characters (0x1F, 0x1E, stray 0x00–0x08…) that XML 1.0
 * forbids even as character references; they are dropped, never passed through, so every response
 * stays well-formed. Lone surrogates are dropped too.
 */
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
// A look-around-free screen for anything ILLEGAL might match (surrogates, even paired ones, take the
// exact path): full harvests pass millions of records through xmlSafe, nearly all of them clean.
// eslint-disable-next-line no-control-regex
const MAYBE_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/
const TEXT_SPECIAL = /[&<>]/g
const ATTR_SPECIAL = /[&<>"\r\n\t]/g
// Anything escapeText would change: markup characters, C0 controls (tab, CR, LF too: they send the
// string down the exact path, which keeps or escapes them), surrogates and the noncharacters
// U+FFFE/U+FFFF. Most values need no change, and one native character-class test is many times
// cheaper than the replace passes below (measured: they were a third of the oai_dc time) and than a
// charCodeAt loop over two-byte strings.
// eslint-disable-next-line no-control-regex
const TEXT_NEEDS_WORK = /[\u0000-\u001f&<>\ud800-\udfff\ufffe\uffff]/
// eslint-disable-next-line no-control-regex
const ATTR_NEEDS_WORK = /[\u0000-\u001f&<>"\ud800-\udfff\ufffe\uffff]/
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' }

/** Removes characters XML 1.0 cannot carry. */
export function xmlSafe (s: string): string {
  return MAYBE_ILLEGAL.test(s) ? s.replace(ILLEGAL, '') : s
}

/** Escapes element content (and drops illegal characters). */
export function escapeText (s: string): string {
  if (!TEXT_NEEDS_WORK.test(s)) return s
  return xmlSafe(s).replace(TEXT_SPECIAL, c => ENTITY[c])
}

/** Escapes an attribute value written in double quotes. */
export function escapeAttr (s: string): string {
  if (!ATTR_NEEDS_WORK.test(s)) return s
  return xmlSafe(s).replace(ATTR_SPECIAL, c => ENTITY[c])
}
