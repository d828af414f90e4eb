import type { DiagnosticName } from '../../mappings/diagnostics.js'
import { DEFAULT_SCHEMA, findSchema, type RecordSchemaRow } from './schemas.js'

/**
 * SRU request parameters → a typed request (research §1.2–1.10). Never throws: every problem is a
 * diagnostic; the first fatal one ends the request with an otherwise empty response in the
 * negotiated version.
 */

export const VERSIONS = ['1.1', '1.2', '2.0'] as const
export type SruVersion = typeof VERSIONS[number]
export type Operation = 'explain' | 'searchRetrieve' | 'scan'

export interface Diag {
  readonly name: DiagnosticName
  readonly details?: string
  readonly message?: string
}

export interface Limits {
  readonly maxRecords: number
  readonly defaultRecords: number
  readonly maxTerms: number
  readonly defaultTerms: number
  readonly maxResultSetTtl: number
  readonly defaultResultSetTtl: number
}

export interface FacetRequest {
  /** Absent index: every facet the table offers. */
  readonly index?: string
  readonly limit: number
}

interface Common {
  readonly version: SruVersion
  readonly params: ReadonlyMap<string, string>
  /** `x-` parameters, echoed as extraRequestData. */
  readonly extra: ReadonlyArray<readonly [string, string]>
  readonly stylesheet?: string
  readonly json: boolean
  /** The client accepts `application/sru+xml` (else text/xml). */
  readonly sruXml: boolean
  readonly diagnostics: readonly Diag[]
  readonly fatal?: Diag
}

export interface ExplainRequest extends Common {
  readonly operation: 'explain'
  readonly xmlEscaping: 'xml' | 'string'
}

export interface SearchRequest extends Common {
  readonly operation: 'searchRetrieve'
  readonly query: string
  readonly queryType: 'cql' | 'searchTerms'
  readonly startRecord: number
  readonly maximumRecords: number
  readonly schema: RecordSchemaRow
  readonly xmlEscaping: 'xml' | 'string'
  readonly packing: 'packed' | 'unpacked'
  readonly resultSetTtl: number
  readonly resultSetTtlRequested: boolean
  readonly sortKeys?: string
  readonly facets: readonly FacetRequest[]
  readonly facetStart: number
  readonly facetSort: 'alphanumeric' | 'count'
}

export interface ScanRequest extends Common {
  readonly operation: 'scan'
  readonly scanClause: string
  readonly responsePosition: number
  readonly maximumTerms: number
}

export type SruRequest = ExplainRequest | SearchRequest | ScanRequest

const COMMON_1X = ['operation', 'version', 'stylesheet', 'extraRequestData']
const COMMON_20 = ['operation', 'version', 'stylesheet', 'extraRequestData', 'httpAccept', 'renderedBy', 'responseType']

/** Parameters valid per version and operation (CLARIN SRURequestImpl's table, research §1.2/§1.3). */
const ALLOWED: Record<SruVersion, Record<Operation, readonly string[]>> = {
  1.1: {
    explain: [...COMMON_1X, 'recordPacking'],
    searchRetrieve: [...COMMON_1X, 'query', 'startRecord', 'maximumRecords', 'recordPacking', 'recordSchema', 'recordXPath', 'resultSetTTL', 'sortKeys'],
    scan: [...COMMON_1X, 'scanClause', 'responsePosition', 'maximumTerms'],
  },
  1.2: {
    explain: [...COMMON_1X, 'recordPacking'],
    searchRetrieve: [...COMMON_1X, 'query', 'startRecord', 'maximumRecords', 'recordPacking', 'recordSchema', 'recordXPath', 'resultSetTTL'],
    scan: [...COMMON_1X, 'scanClause', 'responsePosition', 'maximumTerms'],
  },
  '2.0': {
    explain: [...COMMON_20, 'recordPacking', 'recordXMLEscaping'],
    searchRetrieve: [...COMMON_20, 'query', 'queryType', 'startRecord', 'maximumRecords', 'recordPacking', 'recordXMLEscaping', 'recordSchema', 'resultSetTTL', 'sortKeys', 'facetLimit', 'facetStart', 'facetSort', 'facetCount'],
    scan: [...COMMON_20, 'scanClause', 'responsePosition', 'maximumTerms'],
  },
}

function nonNegInt (s: string): number | undefined {
  return /^\d{1,9}$/.test(s.trim()) ? Number(s.trim()) : undefined
}

/** Version negotiation: the highest supported version ≤ the requested one (SRU 1.2 "Versions"). */
export function negotiateVersion (requested: string | undefined): { version: SruVersion, fatal?: Diag } {
  if (requested === undefined) return { version: '2.0' }
  if ((VERSIONS as readonly string[]).includes(requested.trim())) return { version: requested.trim() as SruVersion }
  const m = /^(\d{1,3})\.(\d{1,3})$/.exec(requested.trim())
  const highest: SruVersion = '2.0'
  if (m === null) return { version: highest, fatal: { name: 'unsupportedVersion', details: highest } }
  const n = Number(m[1]) + Number(m[2]) / 1000
  // Answer in the highest version ≤ the request, but say the requested one is not spoken (YAZ does the same for 3.0).
  const version: SruVersion = n >= 2 ? '2.0' : n >= 1.002 ? '1.2' : '1.1'
  return { version, fatal: { name: 'unsupportedVersion', details: highest } }
}

function acceptsSruXml (accept: string | undefined): boolean {
  return accept !== undefined && /application\/sru\+xml/i.test(accept)
}

function isAllowedStylesheet (s: string, baseUrl: string): boolean {
  // Only same-origin stylesheets: a foreign one would run in the browser on our origin (research §1.8).
  if (/^\/(?!\/)/.test(s)) return true
  return s.startsWith(baseUrl.replace(/\/+$/, '') + '/')
}

/**
 * Turns the decoded parameters into a request. `accept` is the HTTP Accept header. Parameters that
 * appear more than once take their first value (YAZ does the same).
 */
export function parseRequest (params: ReadonlyMap<string, string>, limits: Limits, opts: { accept?: string, baseUrl: string }): SruRequest {
  const diagnostics: Diag[] = []
  let fatal: Diag | undefined
  const fail = (d: Diag): void => { fatal ??= d }
  const get = (k: string): string | undefined => params.get(k)
  /** An integer parameter ≥ `min`; absent or bad: undefined (bad also fails with diagnostic 6). */
  const intParam = (k: string, min: number): number | undefined => {
    const raw = get(k)
    if (raw === undefined) return undefined
    const n = nonNegInt(raw)
    if (n === undefined || n < min) { fail({ name: 'unsupportedParameterValue', details: k }); return undefined }
    return n
  }

  const neg = negotiateVersion(get('version'))
  const version = neg.version
  if (neg.fatal !== undefined) fail(neg.fatal)

  let operation: Operation
  const op = get('operation')
  if (get('version') === undefined || version === '2.0') {
    // SRU 2.0 (OASIS Part 3 §4): the operation follows from the parameters.
    operation = get('query') !== undefined || get('queryType') !== undefined
      ? 'searchRetrieve'
      : get('scanClause') !== undefined ? 'scan' : 'explain'
    if (op !== undefined && op !== operation) {
      if (op === 'searchRetrieve') { operation = 'searchRetrieve'; fail({ name: 'mandatoryParameterMissing', details: 'query' }) } else if (op === 'scan') { operation = 'scan'; fail({ name: 'mandatoryParameterMissing', details: 'scanClause' }) } else if (op !== 'explain') fail({ name: 'unsupportedOperation', details: op })
    }
  } else if (op === undefined) {
    operation = 'explain'
    if (params.size > 1) fail({ name: 'mandatoryParameterMissing', details: 'operation' })
  } else if (op === 'explain' || op === 'searchRetrieve' || op === 'scan') {
    operation = op
  } else {
    operation = 'explain'
    fail({ name: 'unsupportedOperation', details: op })
  }

  const allowed = ALLOWED[version][operation]
  const extra: Array<readonly [string, string]> = []
  for (const [k, v] of params) {
    if (k.startsWith('x-')) { extra.push([k, v]); continue }
    if (!allowed.includes(k)) fail({ name: 'unsupportedParameter', details: k })
  }

  let json = false
  const httpAccept = get('httpAccept')
  if (version === '2.0' && httpAccept !== undefined && /^application\/json\b/i.test(httpAccept.trim())) json = true
  // An httpAccept we cannot produce falls back to the default format (OASIS Part 3 §6.3), as the research advises.
  const sruXml = acceptsSruXml(httpAccept) || acceptsSruXml(opts.accept)

  let stylesheet = get('stylesheet')
  if (stylesheet !== undefined && !isAllowedStylesheet(stylesheet, opts.baseUrl)) { fail({ name: 'unsupportedStylesheet', details: stylesheet }); stylesheet = undefined }
  const renderedBy = get('renderedBy')
  if (renderedBy !== undefined && renderedBy !== 'client') fail(renderedBy === 'server' ? { name: 'stylesheetsUnsupported', details: 'renderedBy' } : { name: 'unsupportedParameterValue', details: 'renderedBy' })
  const responseType = get('responseType')
  if (responseType !== undefined && responseType !== '') diagnostics.push({ name: 'unsupportedParameterValue', details: 'responseType', message: 'only the default response type is produced' })

  // recordPacking (1.x) / recordXMLEscaping (2.0): xml or string; 2.0 recordPacking: packed or unpacked.
  let xmlEscaping: 'xml' | 'string' = 'xml'
  let packing: 'packed' | 'unpacked' = 'packed'
  const escParam = version === '2.0' ? 'recordXMLEscaping' : 'recordPacking'
  const esc = get(escParam)
  if (esc !== undefined) {
    if (esc === 'xml' || esc === 'string') xmlEscaping = esc
    else fail({ name: 'unsupportedRecordPacking', details: esc })
  }
  if (version === '2.0') {
    const p = get('recordPacking')
    if (p !== undefined) {
      if (p === 'packed' || p === 'unpacked') packing = p
      else fail({ name: 'unsupportedRecordPacking', details: p })
    }
  }

  const common = { version, params, extra, json, sruXml, diagnostics, ...(stylesheet !== undefined ? { stylesheet } : {}) }

  if (operation === 'explain') {
    return { ...common, operation, xmlEscaping, ...(fatal !== undefined ? { fatal } : {}) }
  }

  if (operation === 'scan') {
    const scanClause = get('scanClause') ?? ''
    if (get('scanClause') === undefined) fail({ name: 'mandatoryParameterMissing', details: 'scanClause' })
    const responsePosition = intParam('responsePosition', 0) ?? 1
    let maximumTerms = intParam('maximumTerms', 1) ?? limits.defaultTerms
    if (maximumTerms > limits.maxTerms) { fail({ name: 'tooManyTerms', details: String(limits.maxTerms) }); maximumTerms = limits.defaultTerms }
    return { ...common, operation, scanClause, responsePosition, maximumTerms, ...(fatal !== undefined ? { fatal } : {}) }
  }

  const query = get('query') ?? ''
  const queryTypeRaw = get('queryType') ?? 'cql'
  let queryType: 'cql' | 'searchTerms' = 'cql'
  if (queryTypeRaw === 'searchTerms') queryType = 'searchTerms'
  else if (queryTypeRaw !== 'cql') fail({ name: 'unsupportedParameterValue', details: 'queryType' })
  if (get('query') === undefined) fail({ name: 'mandatoryParameterMissing', details: 'query' })
  if (get('recordXPath') !== undefined) fail({ name: 'xpathUnsupported', details: 'recordXPath' })

  const startRecord = intParam('startRecord', 1) ?? 1
  const mr = intParam('maximumRecords', 0)
  // "MAY return less" (SRU 1.2 maximumRecords): clamp silently.
  const maximumRecords = mr === undefined ? limits.defaultRecords : Math.min(mr, limits.maxRecords)
  let schema = DEFAULT_SCHEMA
  const rs = get('recordSchema')
  if (rs !== undefined) {
    const s = findSchema(rs)
    if (s === undefined) fail({ name: 'unknownSchema', details: rs })
    else schema = s
  }
  const ttl = intParam('resultSetTTL', 0)
  const resultSetTtl = ttl === undefined ? limits.defaultResultSetTtl : Math.min(ttl, limits.maxResultSetTtl)

  const facets: FacetRequest[] = []
  const fl = get('facetLimit')
  if (fl !== undefined) {
    for (const part of fl.split(',')) {
      const m = /^\s*(\d{1,4})(?::(\S+))?\s*$/.exec(part)
      if (m === null) { fail({ name: 'unsupportedParameterValue', details: 'facetLimit' }); break }
      facets.push(m[2] === undefined ? { limit: Number(m[1]) } : { index: m[2], limit: Number(m[1]) })
    }
  }
  const facetStart = intParam('facetStart', 1) ?? 1
  let facetSort: 'alphanumeric' | 'count' = 'count'
  const fso = get('facetSort')
  if (fso !== undefined) {
    if (fso === 'alphanumeric' || fso === 'count') facetSort = fso
    else fail({ name: 'unsupportedParameterValue', details: 'facetSort' })
  }
  const sortKeys = get('sortKeys')

  return {
    ...common,
    operation,
    query,
    queryType,
    startRecord,
    maximumRecords,
    schema,
    xmlEscaping,
    packing,
    resultSetTtl,
    resultSetTtlRequested: get('resultSetTTL') !== undefined,
    facets,
    facetStart,
    facetSort,
    ...(sortKeys !== undefined ? { sortKeys } : {}),
    ...(fatal !== undefined ? { fatal } : {}),
  }
}
