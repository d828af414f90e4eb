import { DIAGNOSTICS } from '../../mappings/diagnostics.js'
import { escapeAttr, escapeText } from '../../src/text/xml.js'
import { DIAGNOSTIC_SCHEMA, NS } from './namespaces.js'
import type { Diag, SruVersion } from './request.js'

/**
 * SRU responses as plain data, and their two renderings: XML in the version's namespaces
 * (element order of srw-types.xsd for 1.x and sruResponse.xsd / scan.xsd for 2.0) and, for SRU 2.0
 * `httpAccept=application/json`, a JSON object with the same names.
 */

export interface RecordOut {
  readonly schema: string
  readonly position: number
  readonly identifier?: string
  /** The record XML (one element); for a surrogate, the diagnostic. */
  readonly xml?: string
  readonly surrogate?: Diag
}

export interface FacetTermOut { readonly actualTerm: string, readonly query: string, readonly count: number }
export interface FacetOut { readonly index: string, readonly displayLabel: string, readonly terms: readonly FacetTermOut[] }

export interface SearchOut {
  readonly kind: 'searchRetrieve'
  readonly version: SruVersion
  readonly numberOfRecords: number
  readonly records: readonly RecordOut[]
  readonly xmlEscaping: 'xml' | 'string'
  readonly nextRecordPosition?: number
  readonly echo?: ReadonlyArray<readonly [string, string]>
  readonly xQuery?: string
  readonly diagnostics: readonly Diag[]
  readonly resultSetTtl?: number
  readonly resultCountPrecision?: string
  readonly facets?: readonly FacetOut[]
}

export interface ScanTermOut {
  readonly value: string
  readonly numberOfRecords: number
  readonly displayTerm: string
  readonly whereInList?: 'first' | 'last' | 'only' | 'inner'
}

export interface ScanOut {
  readonly kind: 'scan'
  readonly version: SruVersion
  readonly terms: readonly ScanTermOut[]
  readonly diagnostics: readonly Diag[]
}

export interface ExplainOut {
  readonly kind: 'explain'
  readonly version: SruVersion
  readonly xmlEscaping: 'xml' | 'string'
  readonly explain: string
  readonly diagnostics: readonly Diag[]
}

export type SruOut = SearchOut | ScanOut | ExplainOut

export function diagUri (d: Diag): string { return `info:srw/diagnostic/1/${DIAGNOSTICS[d.name].sru}` }
function diagMessage (d: Diag): string { return d.message ?? DIAGNOSTICS[d.name].text }

function diagXml (d: Diag, v2: boolean, declare: boolean): string {
  const ns = declare ? ` xmlns:diag="${v2 ? NS.diag2 : NS.srwDiag}"` : ''
  return `<diag:diagnostic${ns}><diag:uri>${diagUri(d)}</diag:uri>` +
    (d.details !== undefined ? `<diag:details>${escapeText(d.details)}</diag:details>` : '') +
    `<diag:message>${escapeText(diagMessage(d))}</diag:message></diag:diagnostic>`
}

function diagnosticsXml (p: string, ds: readonly Diag[], v2: boolean): string {
  if (ds.length === 0) return ''
  return `<${p}:diagnostics>${ds.map(d => diagXml(d, v2, false)).join('')}</${p}:diagnostics>`
}

function el (p: string, name: string, text: string | number): string {
  return `<${p}:${name}>${typeof text === 'number' ? String(text) : escapeText(text)}</${p}:${name}>`
}

function recordXml (p: string, r: RecordOut, version: SruVersion, escaping: 'xml' | 'string'): string {
  const v2 = version === '2.0'
  let s = `<${p}:record>`
  if (r.surrogate !== undefined) {
    s += el(p, 'recordSchema', DIAGNOSTIC_SCHEMA)
    s += v2 ? el(p, 'recordXMLEscaping', 'xml') : el(p, 'recordPacking', 'xml')
    s += `<${p}:recordData>${diagXml(r.surrogate, v2, true)}</${p}:recordData>`
  } else {
    s += el(p, 'recordSchema', r.schema)
    s += v2 ? el(p, 'recordXMLEscaping', escaping) : el(p, 'recordPacking', escaping)
    s += `<${p}:recordData>${escaping === 'string' ? escapeText(r.xml ?? '') : r.xml ?? ''}</${p}:recordData>`
    if (r.identifier !== undefined && version !== '1.1') s += el(p, 'recordIdentifier', r.identifier)
  }
  s += el(p, 'recordPosition', r.position)
  return s + `</${p}:record>`
}

function head (stylesheet: string | undefined): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    (stylesheet !== undefined ? `<?xml-stylesheet type="text/xsl" href="${escapeAttr(stylesheet)}"?>\n` : '')
}

/** The response as an XML document. */
export function toXml (o: SruOut, stylesheet?: string): string {
  const v2 = o.version === '2.0'
  const p = v2 ? 'sru' : 'zs'
  const rootNs = `xmlns:${p}="${v2 ? NS.sru2 : NS.srw}" xmlns:diag="${v2 ? NS.diag2 : NS.srwDiag}"`
  let s = head(stylesheet)
  switch (o.kind) {
    case 'searchRetrieve': {
      s += `<${p}:searchRetrieveResponse ${rootNs}${v2 && o.facets !== undefined ? ` xmlns:facet="${NS.facet2}"` : ''}>`
      if (!v2) s += el(p, 'version', o.version)
      s += el(p, 'numberOfRecords', o.numberOfRecords)
      if (o.records.length > 0) s += `<${p}:records>${o.records.map(r => recordXml(p, r, o.version, o.xmlEscaping)).join('')}</${p}:records>`
      if (o.nextRecordPosition !== undefined) s += el(p, 'nextRecordPosition', o.nextRecordPosition)
      if (o.echo !== undefined) s += echoXml(p, o)
      s += diagnosticsXml(p, o.diagnostics, v2)
      if (v2 && o.resultSetTtl !== undefined) s += el(p, 'resultSetTTL', o.resultSetTtl)
      if (v2 && o.resultCountPrecision !== undefined) s += el(p, 'resultCountPrecision', o.resultCountPrecision)
      if (v2 && o.facets !== undefined) s += facetsXml(o.facets)
      return s + `</${p}:searchRetrieveResponse>`
    }
    case 'scan': {
      const sp = v2 ? 'scan' : 'zs'
      s += v2
        ? `<scan:scanResponse xmlns:scan="${NS.scan2}" xmlns:diag="${NS.diag2}">`
        : `<zs:scanResponse ${rootNs}>`
      if (!v2) s += el(sp, 'version', o.version)
      if (o.terms.length > 0) {
        s += `<${sp}:terms>`
        for (const t of o.terms) {
          s += `<${sp}:term>${el(sp, 'value', t.value)}${el(sp, 'numberOfRecords', t.numberOfRecords)}${el(sp, 'displayTerm', t.displayTerm)}` +
            (t.whereInList !== undefined ? el(sp, 'whereInList', t.whereInList) : '') + `</${sp}:term>`
        }
        s += `</${sp}:terms>`
      }
      s += diagnosticsXml(sp, o.diagnostics, v2)
      return s + `</${sp}:scanResponse>`
    }
    case 'explain': {
      s += `<${p}:explainResponse ${rootNs}>`
      s += el(p, 'version', o.version)
      s += `<${p}:record>${el(p, 'recordSchema', NS.zeerex)}` +
        (v2 ? el(p, 'recordXMLEscaping', o.xmlEscaping) : el(p, 'recordPacking', o.xmlEscaping)) +
        `<${p}:recordData>${o.xmlEscaping === 'string' ? escapeText(o.explain) : o.explain}</${p}:recordData>${el(p, 'recordPosition', 1)}</${p}:record>`
      s += diagnosticsXml(p, o.diagnostics, v2)
      return s + `</${p}:explainResponse>`
    }
  }
}

// The echo repeats what the client sent, in schema order (research §1.9).
const ECHO_ORDER_1X = ['query', 'startRecord', 'maximumRecords', 'recordPacking', 'recordSchema', 'resultSetTTL', 'sortKeys', 'stylesheet']
const ECHO_ORDER_20 = ['queryType', 'query', 'startRecord', 'maximumRecords', 'recordXMLEscaping', 'recordPacking', 'recordSchema', 'resultSetTTL', 'sortKeys', 'stylesheet', 'renderedBy', 'httpAccept', 'responseType']

function echoXml (p: string, o: SearchOut): string {
  const v2 = o.version === '2.0'
  const sent = new Map(o.echo)
  let s = `<${p}:echoedSearchRetrieveRequest>`
  s += el(p, 'version', o.version)
  for (const k of v2 ? ECHO_ORDER_20 : ECHO_ORDER_1X) {
    const v = sent.get(k)
    if (v === undefined) continue
    s += el(p, k, v)
    if (k === 'query' && !v2 && o.xQuery !== undefined) s += `<${p}:xQuery xmlns="${NS.xcql}">${o.xQuery}</${p}:xQuery>`
  }
  return s + `</${p}:echoedSearchRetrieveRequest>`
}

function facetsXml (facets: readonly FacetOut[]): string {
  let s = '<sru:facetedResults>'
  for (const f of facets) {
    s += `<facet:facet><facet:facetDisplayLabel>${escapeText(f.displayLabel)}</facet:facetDisplayLabel><facet:index>${escapeText(f.index)}</facet:index><facet:relation>=</facet:relation><facet:terms>`
    for (const t of f.terms) {
      s += `<facet:term><facet:actualTerm>${escapeText(t.actualTerm)}</facet:actualTerm><facet:query>${escapeText(t.query)}</facet:query><facet:count>${t.count}</facet:count></facet:term>`
    }
    s += '</facet:terms></facet:facet>'
  }
  return s + '</sru:facetedResults>'
}

function diagJson (d: Diag): Record<string, string> {
  return { uri: diagUri(d), ...(d.details !== undefined ? { details: d.details } : {}), message: diagMessage(d) }
}

/** The SRU 2.0 JSON rendering (httpAccept=application/json): the XML's names, records as XML strings. */
export function toJson (o: SruOut): string {
  const diagnostics = o.diagnostics.length > 0 ? { diagnostics: o.diagnostics.map(diagJson) } : {}
  switch (o.kind) {
    case 'searchRetrieve':
      return JSON.stringify({
        operation: 'searchRetrieve',
        version: o.version,
        numberOfRecords: o.numberOfRecords,
        records: o.records.map(r => r.surrogate !== undefined
          ? { recordSchema: DIAGNOSTIC_SCHEMA, recordPosition: r.position, diagnostic: diagJson(r.surrogate) }
          : { recordSchema: r.schema, recordXMLEscaping: 'string', recordData: r.xml, recordIdentifier: r.identifier, recordPosition: r.position }),
        ...(o.nextRecordPosition !== undefined ? { nextRecordPosition: o.nextRecordPosition } : {}),
        ...diagnostics,
        ...(o.resultSetTtl !== undefined ? { resultSetTTL: o.resultSetTtl } : {}),
        ...(o.resultCountPrecision !== undefined ? { resultCountPrecision: o.resultCountPrecision } : {}),
        ...(o.facets !== undefined ? { facetedResults: o.facets } : {}),
      })
    case 'scan':
      return JSON.stringify({ operation: 'scan', version: o.version, terms: o.terms, ...diagnostics })
    case 'explain':
      return JSON.stringify({ operation: 'explain', version: o.version, recordSchema: NS.zeerex, recordData: o.explain, ...diagnostics })
  }
}
