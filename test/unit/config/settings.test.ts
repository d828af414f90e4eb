import t from 'tap'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { loadSettings, settingsMarkdownTable, SETTINGS } from '../../../src/config/settings.js'
import { SettingError } from '../../../src/errors.js'

t.test('defaults follow the contract', async t => {
  const s = loadSettings({}, {})
  t.equal(s.db, './data/libgate.db')
  t.equal(s.host, '127.0.0.1', 'listeners bind loopback unless told otherwise')
  t.equal(s.httpPort, 8080)
  t.equal(s.z3950Port, 2100)
  t.equal(s.sip2Port, 6001)
  t.equal(s.baseUrl, 'http://127.0.0.1:8080')
  t.equal(s.repositoryId, 'libgate.local')
})

t.test('a flag wins over the variable, the variable over the default', async t => {
  t.equal(loadSettings({}, { LIBGATE_HTTP_PORT: '9000' }).httpPort, 9000)
  t.equal(loadSettings({ '--http-port': '9100' }, { LIBGATE_HTTP_PORT: '9000' }).httpPort, 9100)
  t.equal(loadSettings({ '--host': '0.0.0.0', '--http-port': '81' }, {}).baseUrl, 'http://0.0.0.0:81', 'base URL follows host and port')
  t.equal(loadSettings({ '--base-url': 'https://lib.example.vn/' }, {}).baseUrl, 'https://lib.example.vn', 'trailing slash dropped')
})

t.test('bad settings give a one-line message naming the setting', async t => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ '--http-port': '80a' }, /^--http-port \/ LIBGATE_HTTP_PORT: '80a' is not a port/],
    [{ '--sip2-port': '70000' }, /^--sip2-port \/ LIBGATE_SIP2_PORT: '70000' is not a port/],
    [{ '--base-url': 'ftp://x' }, /^--base-url \/ LIBGATE_BASE_URL: .*http or https/],
    [{ '--repository-id': 'not a domain' }, /^--repository-id \/ LIBGATE_REPOSITORY_ID:/],
    [{ '--log-level': 'loud' }, /^--log-level \/ LIBGATE_LOG_LEVEL: 'loud' is not one of/],
    [{ '--sip2-tls-cert': 'a.pem' }, /--sip2-tls-cert \/ --sip2-tls-key: give both/],
  ]
  for (const [flags, re] of cases) {
    let err: unknown
    try { loadSettings(flags, {}) } catch (e) { err = e }
    t.ok(err instanceof SettingError, `${Object.keys(flags)[0]} throws a SettingError`)
    t.match((err as Error).message, re)
    t.notOk((err as Error).message.includes('\n'), 'one line')
  }
})

t.test('every setting has a flag, a LIBGATE_ variable, a parser and help', async t => {
  const flags = new Set<string>()
  for (const d of SETTINGS) {
    t.match(d.flag, /^--[a-z0-9-]+$/)
    t.match(d.env, /^LIBGATE_[A-Z0-9_]+$/)
    t.ok(d.help.length > 5, `${d.flag} has help`)
    t.notOk(flags.has(d.flag), `${d.flag} unique`)
    flags.add(d.flag)
  }
})

t.test('README settings table is in step with the settings table', async t => {
  const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8')
  const m = /<!-- settings:start -->\n([\s\S]*?)\n<!-- settings:end -->/.exec(readme)
  t.ok(m, 'README has the settings markers')
  t.equal(m?.[1], settingsMarkdownTable(), 'run: npm run build && node scripts/readme-settings.mjs')
})
