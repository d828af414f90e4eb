import { escapeAttr, escapeText } from '../../src/text/xml.js'
import type { Provenance } from '../../src/model/record.js'
import type { OaiError } from './errors.js'

/**
 * The OAI-PMH response envelope as strings (§3.2). Every value goes through escapeText/escapeAttr,
 * which also drop characters XML 1.0 forbids (C-12), so nothing from a record can break the document.
 */

export const OAI_NS = 'http://www.openarchives.org/OAI/2.0/'
export const OAI_SCHEMA = 'http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd'
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance'
export const PROVENANCE_NS = 'http://www.openarchives.org/OAI/2.0/provenance'
export const PROVENANCE_SCHEMA = 'http://www.openarchives.org/OAI/2.0/provenance.xsd'

/**
 * A piece of a response: text, or UTF-8 bytes a renderer produced as bytes (MARCXML from the stored
 * record, mappings/marc21-to-marcxml-bytes.ts). Pieces are whole elements, so bytes never split a character.
 */
export type XmlPiece = string | Uint8Array

/** `<tag>text</tag>` with the text escaped. */
export function el (tag: string, text: string): string {
  return `<${tag}>${escapeText(text)}</${tag}>`
}

/**
 * XML declaration, root (with the exact namespace/schemaLocation pairing of C-13), responseDate and
 * request. `echo` is undefined for badVerb/badArgument responses: then the request element carries
 * no attributes (§3.2, C-16).
 */
export function envelopeStart (responseDate: string, baseURL: string, echo: ReadonlyArray<readonly [string, string]> | undefined): string {
  let attrs = ''
  for (const [k, v] of echo ?? []) attrs += ` ${k}="${escapeAttr(v)}"`
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<OAI-PMH xmlns="${OAI_NS}" xmlns:xsi="${XSI_NS}" xsi:schemaLocation="${OAI_NS} ${OAI_SCHEMA}">\n` +
    `<responseDate>${responseDate}</responseDate>\n` +
    `<request${attrs}>${escapeText(baseURL)}</request>\n`
}

export const ENVELOPE_END = '</OAI-PMH>\n'

export function errorsXml (errors: readonly OaiError[]): string {
  return errors.map(e => `<error code="${e.code}">${escapeText(e.message)}</error>\n`).join('')
}

/** §2.5: identifier, datestamp, setSpecs; `status="deleted"` for a tombstone (§2.5.1). */
export function headerXml (identifier: string, datestamp: string, setSpecs: readonly string[], deleted: boolean): string {
  let s = deleted ? '<header status="deleted">' : '<header>'
  s += '<identifier>' + escapeText(identifier) + '</identifier><datestamp>' + datestamp + '</datestamp>'
  for (const spec of setSpecs) s += '<setSpec>' + spec + '</setSpec>'
  return s + '</header>'
}

/** A record: its header, then (never for a deleted one) metadata and the optional about containers. */
export function recordXml (header: string, metadata: XmlPiece | undefined, about: readonly string[] = []): XmlPiece[] {
  if (metadata === undefined) return [`<record>${header}</record>\n`]
  let tail = '</metadata>'
  for (const a of about) tail += `<about>${a}</about>`
  tail += '</record>\n'
  if (typeof metadata === 'string') return [`<record>${header}<metadata>${metadata}${tail}`]
  return [`<record>${header}<metadata>`, metadata, tail]
}

export interface TokenAttrs {
  readonly token: string // '' for the last page of a list (§3.5, C-42)
  readonly expirationDate?: string
  readonly completeListSize?: number
  readonly cursor?: number
}

export function resumptionTokenXml (t: TokenAttrs): string {
  let attrs = ''
  if (t.expirationDate !== undefined) attrs += ` expirationDate="${t.expirationDate}"`
  // completeListSize is a positiveInteger in the schema (C-44): omitted rather than ever written as 0
  if (t.completeListSize !== undefined && t.completeListSize > 0) attrs += ` completeListSize="${t.completeListSize}"`
  if (t.cursor !== undefined) attrs += ` cursor="${t.cursor}"`
  return t.token === '' ? `<resumptionToken${attrs}/>\n` : `<resumptionToken${attrs}>${t.token}</resumptionToken>\n`
}

/**
 * The provenance `about` container (guidelines-provenance) for records harvested from an upstream
 * provider: where the record came from and when. `altered` is true because libgate re-serialises.
 */
export function provenanceXml (p: Provenance): string {
  return `<provenance xmlns="${PROVENANCE_NS}" xmlns:xsi="${XSI_NS}" xsi:schemaLocation="${PROVENANCE_NS} ${PROVENANCE_SCHEMA}">` +
    `<originDescription harvestDate="${escapeAttr(p.harvestDate)}" altered="true">` +
    el('baseURL', p.baseURL) + el('identifier', p.identifier) + el('datestamp', p.datestamp) + el('metadataNamespace', p.metadataNamespace) +
    '</originDescription></provenance>'
}
