import { parseDatestamp, type Datestamp } from './datestamps.js'
import { oaiError, type OaiError } from './errors.js'

/**
 * Request grammar (OAI-PMH 2.0 §3.1, §4; research/oai-pmh.md §1.4): pure, from the decoded
 * key/value pairs of a query string or form body to a typed request or the errors to report.
 */

export const VERBS = ['Identify', 'ListMetadataFormats', 'ListSets', 'GetRecord', 'ListIdentifiers', 'ListRecords'] as const
export type Verb = typeof VERBS[number]
export type ListVerb = 'ListIdentifiers' | 'ListRecords'

export type ArgName = 'identifier' | 'metadataPrefix' | 'from' | 'until' | 'set' | 'resumptionToken'

interface VerbRule {
  readonly required: readonly ArgName[]
  readonly optional: readonly ArgName[]
  readonly exclusive?: ArgName
}

/** §4: required, optional and exclusive arguments per verb. */
export const VERB_RULES: Readonly<Record<Verb, VerbRule>> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [], exclusive: 'resumptionToken' },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
}

export interface ListArgs {
  readonly metadataPrefix: string
  readonly from?: Datestamp
  readonly until?: Datestamp
  readonly set?: string
}

export type OaiRequest =
  | { readonly verb: 'Identify' }
  | { readonly verb: 'ListMetadataFormats', readonly identifier?: string }
  | { readonly verb: 'ListSets', readonly resumptionToken?: string }
  | { readonly verb: 'GetRecord', readonly identifier: string, readonly metadataPrefix: string }
  | { readonly verb: ListVerb, readonly resumptionToken: string }
  | ({ readonly verb: ListVerb, readonly resumptionToken?: undefined } & ListArgs)

export type ParseResult =
  | { readonly ok: true, readonly request: OaiRequest, readonly echo: ReadonlyArray<readonly [string, string]> }
  | { readonly ok: false, readonly errors: readonly OaiError[] }

// Value syntax. metadataPrefix and setSpec are the schema's patterns (C-61, C-70); an identifier
// must look like a URI (scheme ':' something, nothing that cannot appear in one, C-80); tokens are
// our own base64url alphabet plus '.', so anything else cannot be one of ours.
const PREFIX_RE = /^[A-Za-z0-9\-_.!~*'()]+$/
const SETSPEC_RE = /^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$/
// eslint-disable-next-line no-control-regex
const IDENTIFIER_RE = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s\u0000-\u001f"<>\\^`{|}]+$/
const TOKEN_RE = /^[A-Za-z0-9._~-]+$/

const MAX_VALUE = { identifier: 1024, metadataPrefix: 64, from: 20, until: 20, set: 256, resumptionToken: 4096 } as const
const MAX_PAIRS = 32

const ARG_NAMES: readonly ArgName[] = ['identifier', 'metadataPrefix', 'from', 'until', 'set', 'resumptionToken']

function isArgName (s: string): s is ArgName {
  return (ARG_NAMES as readonly string[]).includes(s)
}

function isVerb (s: string): s is Verb {
  return (VERBS as readonly string[]).includes(s)
}

function valueError (name: ArgName, value: string): string | undefined {
  if (value.length > MAX_VALUE[name]) return `The value of '${name}' is too long.`
  switch (name) {
    case 'identifier': return IDENTIFIER_RE.test(value) ? undefined : "The value of 'identifier' is not a URI."
    case 'metadataPrefix': return PREFIX_RE.test(value) ? undefined : "The value of 'metadataPrefix' has an illegal syntax."
    case 'set': return SETSPEC_RE.test(value) ? undefined : "The value of 'set' is not a legal setSpec."
    case 'from':
    case 'until': return parseDatestamp(value) === undefined ? `The value of '${name}' is not a UTC datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ).` : undefined
    case 'resumptionToken': return TOKEN_RE.test(value) ? undefined : "The value of 'resumptionToken' has an illegal syntax."
  }
}

/**
 * Validates a request's arguments. Every grammar problem found in one pass is reported (several
 * `error` elements are legal); a bad or missing verb makes the other arguments meaningless, so it is
 * reported alone.
 */
export function parseArguments (pairs: ReadonlyArray<readonly [string, string]>): ParseResult {
  const verbs = pairs.filter(([k]) => k === 'verb').map(([, v]) => v)
  if (verbs.length === 0) return { ok: false, errors: [oaiError('badVerb', 'The verb argument is missing.')] }
  if (verbs.length > 1) return { ok: false, errors: [oaiError('badVerb', 'The verb argument is repeated.')] }
  const verb = verbs[0]
  if (!isVerb(verb)) return { ok: false, errors: [oaiError('badVerb', 'The value of the verb argument is not a legal OAI-PMH verb.')] }
  if (pairs.length > MAX_PAIRS) return { ok: false, errors: [oaiError('badArgument', 'Too many arguments.')] }

  const rule = VERB_RULES[verb]
  const errors: OaiError[] = []
  const args = new Map<ArgName, string>()
  const reported = new Set<string>()
  for (const [key, value] of pairs) {
    if (key === 'verb') continue
    const allowed = isArgName(key) && (rule.required.includes(key) || rule.optional.includes(key) || rule.exclusive === key)
    if (!allowed) {
      // never echo the unknown name itself into the message unescaped: the writer escapes, but keep it short
      if (!reported.has(`u:${key}`)) errors.push(oaiError('badArgument', `'${key.slice(0, 64)}' is not an argument of ${verb}.`))
      reported.add(`u:${key}`)
      continue
    }
    if (args.has(key)) {
      if (!reported.has(`r:${key}`)) errors.push(oaiError('badArgument', `The argument '${key}' is repeated.`))
      reported.add(`r:${key}`)
      continue
    }
    if (value === '') {
      errors.push(oaiError('badArgument', `The argument '${key}' is empty.`))
      reported.add(`r:${key}`)
      args.set(key, value)
      continue
    }
    const bad = valueError(key, value)
    if (bad !== undefined) errors.push(oaiError('badArgument', bad))
    args.set(key, value)
  }

  if (rule.exclusive !== undefined && args.has(rule.exclusive)) {
    if (args.size > 1) errors.push(oaiError('badArgument', `The argument '${rule.exclusive}' must be the only argument besides verb.`))
  } else {
    for (const r of rule.required) {
      if (!args.has(r)) errors.push(oaiError('badArgument', `The required argument '${r}' is missing.`))
    }
  }

  let from: Datestamp | undefined
  let until: Datestamp | undefined
  if (errors.length === 0) {
    from = args.has('from') ? parseDatestamp(args.get('from')!) : undefined
    until = args.has('until') ? parseDatestamp(args.get('until')!) : undefined
    if (from !== undefined && until !== undefined) {
      if (from.granularity !== until.granularity) errors.push(oaiError('badArgument', "'from' and 'until' have different granularities."))
      else if (from.seconds > until.seconds) errors.push(oaiError('badArgument', "'from' is later than 'until'."))
    }
  }
  if (errors.length > 0) return { ok: false, errors }

  const echo: Array<readonly [string, string]> = [['verb', verb]]
  for (const name of ARG_NAMES) if (args.has(name)) echo.push([name, args.get(name)!])
  return { ok: true, request: build(verb, args, from, until), echo }
}

function build (verb: Verb, args: Map<ArgName, string>, from: Datestamp | undefined, until: Datestamp | undefined): OaiRequest {
  switch (verb) {
    case 'Identify': return { verb }
    case 'ListMetadataFormats': return args.has('identifier') ? { verb, identifier: args.get('identifier')! } : { verb }
    case 'ListSets': return args.has('resumptionToken') ? { verb, resumptionToken: args.get('resumptionToken')! } : { verb }
    case 'GetRecord': return { verb, identifier: args.get('identifier')!, metadataPrefix: args.get('metadataPrefix')! }
    case 'ListIdentifiers':
    case 'ListRecords': {
      const token = args.get('resumptionToken')
      if (token !== undefined) return { verb, resumptionToken: token }
      const set = args.get('set')
      return {
        verb,
        metadataPrefix: args.get('metadataPrefix')!,
        ...(from !== undefined ? { from } : {}),
        ...(until !== undefined ? { until } : {}),
        ...(set !== undefined ? { set } : {}),
      }
    }
  }
}
