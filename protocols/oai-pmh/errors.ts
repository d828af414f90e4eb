/**
 * The eight OAI-PMH error conditions (OAI-PMH 2.0 §3.6), as data. Never invent codes: overload is
 * signalled with HTTP 503, not an error element (research/oai-pmh.md §1.5).
 */
export const OAI_ERRORS = {
  badArgument: 'The request includes illegal arguments, is missing required arguments, includes a repeated argument, or values for arguments have an illegal syntax.',
  badResumptionToken: 'The value of the resumptionToken argument is invalid or expired.',
  badVerb: 'Value of the verb argument is not a legal OAI-PMH verb, the verb argument is missing, or the verb argument is repeated.',
  cannotDisseminateFormat: 'The metadata format identified by the value given for the metadataPrefix argument is not supported by the item or by the repository.',
  idDoesNotExist: 'The value of the identifier argument is unknown or illegal in this repository.',
  noMetadataFormats: 'There are no metadata formats available for the specified item.',
  noRecordsMatch: 'The combination of the values of the from, until, set and metadataPrefix arguments results in an empty list.',
  noSetHierarchy: 'The repository does not support sets.',
} as const

export type OaiErrorCode = keyof typeof OAI_ERRORS

export interface OaiError {
  readonly code: OaiErrorCode
  readonly message: string
}

/** An error with a specific message (the spec's generic text when none is given). */
export function oaiError (code: OaiErrorCode, message?: string): OaiError {
  return { code, message: message ?? OAI_ERRORS[code] }
}

/** §3.2: the request element carries the arguments only when the request was syntactically legal. */
export function suppressesEcho (errors: readonly OaiError[]): boolean {
  return errors.some(e => e.code === 'badVerb' || e.code === 'badArgument')
}
