/** Which reader a file needs, from its first bytes (give at least 4 KiB: envelopes come first). */
import { leaderScore } from './iso2709-record.js'
import { DC_NS, OAI_DC_NS } from '../../../mappings/dc-to-xml.js'
import { MARCXML_NS as MARC_NS } from '../../../mappings/marc21-to-marcxml.js'

/**
 * 'marcxml' when the XML uses the MARC 21 slim namespace (or has un-namespaced record/collection
 * elements), 'oai_dc' when it holds oai_dc/dc elements and no MARC namespace, 'mij' for JSON,
 * 'iso2709' when a leader starts the data (after a BOM or blank lines); undefined otherwise.
 */
export function detectMarcFormat (head: Uint8Array): 'iso2709' | 'marcxml' | 'mij' | 'oai_dc' | undefined {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength)
  let p = 0
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) p = 3
  while (p < b.length && (b[p] === 0x20 || b[p] === 0x0a || b[p] === 0x0d || b[p] === 0x09)) p++
  if (p >= b.length) return undefined
  const c = b[p]
  if (c === 0x3c) { // '<'
    const text = b.toString('utf8', p)
    if (text.includes(MARC_NS)) return 'marcxml'
    if (text.includes(OAI_DC_NS) || text.includes(DC_NS)) return 'oai_dc'
    if (/<(?:[\w.-]+:)?(?:collection|record)[\s>]/.test(text) && /<(?:[\w.-]+:)?(?:leader|controlfield|datafield)[\s>]/.test(text)) return 'marcxml'
    return undefined
  }
  if (c === 0x7b || c === 0x5b) return b.toString('utf8', p, p + 4096).includes('"leader"') || b.length - p < 12 ? 'mij' : undefined
  if (leaderScore(b, p) >= 3) return 'iso2709'
  return undefined
}
