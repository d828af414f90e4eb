import { LibgateError, ProtocolError, type LibgateErrorCode } from '../src/errors.js'

/**
 * Protocol diagnostics as data (STYLE.md P8): one row per internal condition. SRU edges read the
 * `sru` column (info:srw/diagnostic/1/N, LoC diagnostics list), the Z39.50 front end the `bib1`
 * column; the pairs follow the LoC SRU↔Bib-1 mapping as implemented in YAZ `src/diag_map.c`.
 * `code` is the stable LibgateError code that carries the condition through the core.
 */
export interface DiagnosticRow {
  readonly sru: number
  readonly bib1: number
  readonly text: string
  readonly code: LibgateErrorCode
}

function row (sru: number, bib1: number, text: string, code: LibgateErrorCode): DiagnosticRow {
  return { sru, bib1, text, code }
}

export const DIAGNOSTICS = {
  permanentSystemError: row(1, 1, 'General system error', 'LG_ERR_SYSTEM'),
  temporarySystemError: row(2, 2, 'System temporarily unavailable', 'LG_ERR_UNAVAILABLE'),
  authenticationError: row(3, 1014, 'Authentication error', 'LG_ERR_AUTH'),
  unsupportedOperation: row(4, 1, 'Unsupported operation', 'LG_ERR_UNSUPPORTED_OPERATION'),
  unsupportedVersion: row(5, 1, 'Unsupported version', 'LG_ERR_UNSUPPORTED_VERSION'),
  unsupportedParameterValue: row(6, 1, 'Unsupported parameter value', 'LG_ERR_UNSUPPORTED_PARAMETER_VALUE'),
  mandatoryParameterMissing: row(7, 1, 'Mandatory parameter not supplied', 'LG_ERR_MISSING_PARAMETER'),
  unsupportedParameter: row(8, 1, 'Unsupported parameter', 'LG_ERR_UNSUPPORTED_PARAMETER'),
  querySyntax: row(10, 108, 'Query syntax error', 'LG_ERR_CQL_SYNTAX'),
  queryTooLong: row(12, 11, 'Too many characters in query', 'LG_ERR_QUERY_TOO_LONG'),
  parentheses: row(13, 108, 'Invalid or unsupported use of parentheses', 'LG_ERR_CQL_PARENTHESES'),
  unsupportedContextSet: row(15, 121, 'Unsupported context set', 'LG_ERR_UNSUPPORTED_CONTEXT_SET'),
  unsupportedIndex: row(16, 114, 'Unsupported index', 'LG_ERR_UNSUPPORTED_INDEX'),
  resultSetDoesNotExist: row(51, 30, 'Result set does not exist', 'LG_ERR_NO_RESULT_SET'),
  unsupportedRelation: row(19, 117, 'Unsupported relation', 'LG_ERR_UNSUPPORTED_RELATION'),
  unsupportedRelationModifier: row(20, 117, 'Unsupported relation modifier', 'LG_ERR_UNSUPPORTED_RELATION_MODIFIER'),
  unsupportedRelationForIndex: row(22, 123, 'Unsupported combination of relation and index', 'LG_ERR_UNSUPPORTED_RELATION_INDEX'),
  termTooLong: row(23, 11, 'Too many characters in term', 'LG_ERR_TERM_TOO_LONG'),
  unsupportedRelationForTerm: row(24, 124, 'Unsupported combination of relation and term', 'LG_ERR_UNSUPPORTED_RELATION_TERM'),
  badEscape: row(26, 108, 'Non special character escaped in term', 'LG_ERR_CQL_ESCAPE'),
  emptyTerm: row(27, 108, 'Empty term unsupported', 'LG_ERR_EMPTY_TERM'),
  maskedWordTooShort: row(29, 9, 'Masked words too short', 'LG_ERR_MASKED_TOO_SHORT'),
  unsupportedMasking: row(28, 120, 'Masking character not supported', 'LG_ERR_UNSUPPORTED_MASKING'),
  anchorPosition: row(32, 119, 'Anchoring character in unsupported position', 'LG_ERR_ANCHOR_POSITION'),
  badTermFormat: row(36, 125, 'Term in invalid format for index or relation', 'LG_ERR_BAD_TERM_FORMAT'),
  unsupportedBoolean: row(37, 110, 'Unsupported boolean operator', 'LG_ERR_UNSUPPORTED_BOOLEAN'),
  tooManyBooleans: row(38, 6, 'Too many boolean operators in query', 'LG_ERR_TOO_MANY_BOOLEANS'),
  proximityUnsupported: row(39, 129, 'Proximity not supported', 'LG_ERR_PROXIMITY_UNSUPPORTED'),
  unsupportedBooleanModifier: row(46, 110, 'Unsupported boolean modifier', 'LG_ERR_UNSUPPORTED_BOOLEAN_MODIFIER'),
  queryFeatureUnsupported: row(48, 3, 'Query feature unsupported', 'LG_ERR_QUERY_FEATURE'),
  firstRecordOutOfRange: row(61, 13, 'First record position out of range', 'LG_ERR_FIRST_RECORD_RANGE'),
  recordTemporarilyUnavailable: row(64, 14, 'Record temporarily unavailable', 'LG_ERR_RECORD_UNAVAILABLE'),
  recordDoesNotExist: row(65, 14, 'Record does not exist', 'LG_ERR_RECORD_MISSING'),
  unknownSchema: row(66, 239, 'Unknown schema for retrieval', 'LG_ERR_UNKNOWN_SCHEMA'),
  recordNotInSchema: row(67, 238, 'Record not available in this schema', 'LG_ERR_RECORD_NOT_IN_SCHEMA'),
  recordTooLarge: row(70, 16, 'Record too large to send', 'LG_ERR_RECORD_TOO_LARGE'),
  unsupportedRecordPacking: row(71, 1, 'Unsupported record packing', 'LG_ERR_UNSUPPORTED_RECORD_PACKING'),
  xpathUnsupported: row(72, 1, 'XPath retrieval unsupported', 'LG_ERR_XPATH_UNSUPPORTED'),
  tooManySortKeys: row(84, 211, 'Too many sort keys to sort', 'LG_ERR_TOO_MANY_SORT_KEYS'),
  unsupportedSortPath: row(88, 207, 'Unsupported path for sort', 'LG_ERR_UNSUPPORTED_SORT'),
  unsupportedSortDirection: row(90, 214, 'Unsupported direction', 'LG_ERR_UNSUPPORTED_SORT_DIRECTION'),
  unsupportedSortCase: row(91, 215, 'Unsupported case', 'LG_ERR_UNSUPPORTED_SORT_CASE'),
  unsupportedSortMissing: row(92, 213, 'Unsupported missing value action', 'LG_ERR_UNSUPPORTED_SORT_MISSING'),
  sortInQueryAndProtocol: row(94, 1, 'Sort spec included both in query and protocol: query prevails', 'LG_ERR_SORT_TWICE'),
  unsupportedStylesheet: row(111, 1, 'Unsupported stylesheet', 'LG_ERR_UNSUPPORTED_STYLESHEET'),
  stylesheetsUnsupported: row(110, 1, 'Stylesheets not supported', 'LG_ERR_STYLESHEETS_UNSUPPORTED'),
  responsePositionOutOfRange: row(120, 1, 'Response position out of range', 'LG_ERR_RESPONSE_POSITION'),
  tooManyTerms: row(121, 1, 'Too many terms requested', 'LG_ERR_TOO_MANY_TERMS'),
  databaseDoesNotExist: row(235, 235, 'Database does not exist', 'LG_ERR_NO_DATABASE'),
} as const satisfies Record<string, DiagnosticRow>

export type DiagnosticName = keyof typeof DIAGNOSTICS

/** Error codes other parts of libgate throw that are protocol conditions, e.g. the store's. */
const ALIASES: Readonly<Record<string, DiagnosticName>> = {
  LG_ERR_UNSUPPORTED_MASKING: 'unsupportedMasking',
  LG_ERR_STORE_UNAVAILABLE: 'temporarySystemError',
  LG_ERR_BUSY: 'temporarySystemError',
}

const BY_CODE: ReadonlyMap<string, DiagnosticName> = new Map([
  ...(Object.entries(DIAGNOSTICS) as Array<[DiagnosticName, DiagnosticRow]>).map(([name, r]) => [r.code, name] as const),
  ...Object.entries(ALIASES),
])

/** A protocol condition travelling as an error: its code is the row's, `details` the diagnostic details. */
export class DiagnosticError extends ProtocolError {
  readonly condition: DiagnosticName
  readonly details: string | undefined
  constructor (condition: DiagnosticName, details?: string, message?: string, options?: ErrorOptions) {
    super(DIAGNOSTICS[condition].code, message ?? DIAGNOSTICS[condition].text, options)
    this.name = 'DiagnosticError'
    this.condition = condition
    this.details = details
  }
}

/** Shorthand used by the CQL parser and compiler. */
export function cqlError (condition: DiagnosticName, details?: string, message?: string): DiagnosticError {
  return new DiagnosticError(condition, details, message)
}

export interface ResolvedDiagnostic {
  readonly name: DiagnosticName
  readonly row: DiagnosticRow
  readonly details?: string
  readonly message: string
}

/**
 * The diagnostic for any thrown value: a DiagnosticError keeps its own; a LibgateError whose code
 * is a row's (the store's LG_ERR_UNSUPPORTED_INDEX…) maps to that row with its message as details;
 * anything else is a general system error whose text never includes a stack.
 */
export function diagnosticFor (e: unknown): ResolvedDiagnostic {
  if (e instanceof DiagnosticError) {
    return { name: e.condition, row: DIAGNOSTICS[e.condition], message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) }
  }
  if (e instanceof LibgateError) {
    const name = BY_CODE.get(e.code)
    if (name !== undefined) {
      const details = (e as { details?: unknown }).details
      return { name, row: DIAGNOSTICS[name], message: DIAGNOSTICS[name].text, details: typeof details === 'string' ? details : e.message }
    }
  }
  return { name: 'permanentSystemError', row: DIAGNOSTICS.permanentSystemError, message: DIAGNOSTICS.permanentSystemError.text }
}
