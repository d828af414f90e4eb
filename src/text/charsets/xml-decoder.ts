import { iconvDecoder } from './index.js'

/** A streaming text decoder for an XML file. */
export interface XmlDecoder { write (b: Uint8Array): string, end (): string }

/**
 * The decoder an XML file asks for: UTF-8 unless its XML declaration (in `head`, the first bytes)
 * names another encoding iconv-lite knows (XML 1.0 §4.3.3). Streaming, so a character split across
 * chunks decodes whole.
 */
export function xmlDecoder (head: Uint8Array): XmlDecoder {
  const decl = /^(?:\uFEFF)?<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(Buffer.from(head.subarray(0, 200)).toString('latin1'))
  const label = decl?.[1].toLowerCase()
  if (label !== undefined && label !== 'utf-8' && label !== 'utf8') {
    const d = iconvDecoder(label)
    if (d !== undefined) return { write: b => d.write(Buffer.from(b)), end: () => d.end() ?? '' }
  }
  const td = new TextDecoder('utf-8')
  return { write: b => td.decode(b, { stream: true }), end: () => td.decode() }
}
