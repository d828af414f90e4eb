import { SettingError } from '../errors.js'
import { bool, host, oneOf, port, positiveInt, repositoryId, str, url, type Parser } from './parsers.js'

/**
 * One table drives flag, environment variable, default, parsing and help (STYLE.md P9).
 * A flag wins over the variable; the variable over the default. README's settings section is
 * generated from this table (scripts/readme-settings.mjs) and a test keeps it in step.
 */
interface SettingDef<K extends string, T> {
  readonly key: K
  readonly flag: `--${string}`
  readonly env: `LIBGATE_${string}`
  readonly default: T | ((s: Record<string, unknown>) => T) | undefined
  readonly parse: Parser<T>
  readonly help: string
  readonly secret?: boolean
}

function def<K extends string, T> (d: SettingDef<K, T>): SettingDef<K, T> { return d }

export const SETTINGS = [
  def({ key: 'db', flag: '--db', env: 'LIBGATE_DB', default: './data/libgate.db', parse: str, help: 'embedded SQLite file (a postgres:// URL once PostgreSQL is supported)', secret: true }),
  def({ key: 'host', flag: '--host', env: 'LIBGATE_HOST', default: '127.0.0.1', parse: host, help: 'address every listener binds' }),
  def({ key: 'httpPort', flag: '--http-port', env: 'LIBGATE_HTTP_PORT', default: 8080, parse: port, help: 'HTTP: OAI-PMH, SRU and health' }),
  def({ key: 'z3950Port', flag: '--z3950-port', env: 'LIBGATE_Z3950_PORT', default: 2100, parse: port, help: 'Z39.50 over TCP (0 turns it off)' }),
  def({ key: 'sip2Port', flag: '--sip2-port', env: 'LIBGATE_SIP2_PORT', default: 6001, parse: port, help: 'SIP2 over TCP (0 turns it off)' }),
  def({ key: 'baseUrl', flag: '--base-url', env: 'LIBGATE_BASE_URL', default: (s) => `http://${String(s.host)}:${String(s.httpPort)}`, parse: url, help: 'the public URL written into OAI-PMH and SRU responses (default http://HOST:PORT)' }),
  def({ key: 'repositoryId', flag: '--repository-id', env: 'LIBGATE_REPOSITORY_ID', default: 'libgate.local', parse: repositoryId, help: 'the OAI-PMH repositoryIdentifier' }),
  def({ key: 'repositoryName', flag: '--repository-name', env: 'LIBGATE_REPOSITORY_NAME', default: 'libgate', parse: str, help: 'the OAI-PMH repositoryName and SRU explain title' }),
  def({ key: 'adminEmail', flag: '--admin-email', env: 'LIBGATE_ADMIN_EMAIL', default: 'admin@libgate.local', parse: str, help: 'the OAI-PMH adminEmail' }),
  def({ key: 'oaiPageSize', flag: '--oai-page-size', env: 'LIBGATE_OAI_PAGE_SIZE', default: 500, parse: positiveInt, help: 'records (identifiers) per OAI-PMH list page' }),
  def({ key: 'oaiTokenTtl', flag: '--oai-token-ttl', env: 'LIBGATE_OAI_TOKEN_TTL', default: 86400, parse: positiveInt, help: 'seconds an OAI-PMH resumption token stays valid' }),
  def({ key: 'sruMaxRecords', flag: '--sru-max-records', env: 'LIBGATE_SRU_MAX_RECORDS', default: 100, parse: positiveInt, help: 'largest SRU maximumRecords served in one response' }),
  def({ key: 'secret', flag: '--secret', env: 'LIBGATE_SECRET', default: undefined, parse: str, help: 'key that signs resumption tokens; every instance behind one load balancer needs the same (default: generated once and kept in the database)', secret: true }),
  def({ key: 'sample', flag: '--sample', env: 'LIBGATE_SAMPLE', default: true, parse: bool, help: 'import the bundled sample records when the database is empty' }),
  def({ key: 'sip2TlsCert', flag: '--sip2-tls-cert', env: 'LIBGATE_SIP2_TLS_CERT', default: undefined, parse: str, help: 'PEM certificate file: SIP2 speaks TLS when this and the key are set' }),
  def({ key: 'sip2TlsKey', flag: '--sip2-tls-key', env: 'LIBGATE_SIP2_TLS_KEY', default: undefined, parse: str, help: 'PEM private key file for the SIP2 TLS listener', secret: true }),
  def({ key: 'sip2MaxConnections', flag: '--sip2-max-connections', env: 'LIBGATE_SIP2_MAX_CONNECTIONS', default: 2000, parse: positiveInt, help: 'SIP2 connections served at once' }),
  def({ key: 'sip2IdleTimeout', flag: '--sip2-idle-timeout', env: 'LIBGATE_SIP2_IDLE_TIMEOUT', default: 600, parse: positiveInt, help: 'seconds before an idle SIP2 connection is closed' }),
  def({ key: 'sip2LoginRequired', flag: '--sip2-login-required', env: 'LIBGATE_SIP2_LOGIN_REQUIRED', default: true, parse: bool, help: 'SIP2 devices must log in (93) with a device account before any other message' }),
  def({ key: 'logLevel', flag: '--log-level', env: 'LIBGATE_LOG_LEVEL', default: 'info', parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), help: 'log level (JSON lines on standard output)' }),
] as const

type Defs = typeof SETTINGS[number]
type ValueOf<D> = D extends SettingDef<string, infer T> ? T : never
/** Settings with no default: absent unless the operator gives them. */
type OptionalKey = 'secret' | 'sip2TlsCert' | 'sip2TlsKey'
export type Settings = { readonly [D in Defs as D['key']]: D['key'] extends OptionalKey ? ValueOf<D> | undefined : ValueOf<D> }

export function settingName (d: { flag: string, env: string }): string {
  return `${d.flag} / ${d.env}`
}

/**
 * Resolve every setting from flags (already split into `--name value` pairs) and the environment.
 * Throws SettingError naming the first bad setting. Unknown flags are the caller's business.
 */
export function loadSettings (flags: Record<string, string | undefined>, env: NodeJS.ProcessEnv = process.env): Settings {
  const out: Record<string, unknown> = {}
  for (const d of SETTINGS) {
    const raw = flags[d.flag] ?? env[d.env]
    const name = settingName(d)
    if (raw !== undefined) {
      out[d.key] = (d.parse as Parser<unknown>)(raw, name)
    } else if (typeof d.default === 'function') {
      out[d.key] = undefined // computed below, after the values it depends on
    } else {
      out[d.key] = d.default
    }
  }
  for (const d of SETTINGS) {
    if (out[d.key] === undefined && typeof d.default === 'function') out[d.key] = (d.default as (s: Record<string, unknown>) => unknown)(out)
  }
  if ((out.sip2TlsCert === undefined) !== (out.sip2TlsKey === undefined)) {
    throw new SettingError('sip2Tls', '--sip2-tls-cert / --sip2-tls-key: give both the certificate and the key, or neither')
  }
  return out as Settings
}

/** The settings part of `--help`, and of README (a test keeps README in step). */
export function settingsHelp (): string {
  const rows = SETTINGS.map(d => {
    const dflt = typeof d.default === 'function' ? 'http://HOST:PORT' : d.default === undefined ? '(none)' : String(d.default)
    return `  ${d.flag.padEnd(24)} ${d.env.padEnd(30)} ${d.help} [default: ${dflt}]`
  })
  return rows.join('\n')
}

export function settingsMarkdownTable (): string {
  const head = '| flag | variable | default | meaning |\n| --- | --- | --- | --- |'
  const rows = SETTINGS.map(d => {
    const dflt = typeof d.default === 'function' ? '`http://HOST:PORT`' : d.default === undefined ? '(none)' : `\`${String(d.default)}\``
    return `| \`${d.flag}\` | \`${d.env}\` | ${dflt} | ${d.help} |`
  })
  return [head, ...rows].join('\n')
}

