import t from 'tap'
import { runCli } from '../helpers/cli.js'

t.test('--help lists every command and setting', async t => {
  const r = runCli(['--help'])
  t.equal(r.status, 0)
  for (const w of ['serve', 'import --library', 'patrons import', 'items import', 'sip2 account add', '--http-port', 'LIBGATE_DB']) t.match(r.stdout, w)
})

t.test('every command accepts --help', async t => {
  for (const cmd of [['serve'], ['import'], ['patrons', 'import'], ['items', 'import'], ['sip2', 'account', 'add']]) {
    const r = runCli([...cmd, '--help'])
    t.equal(r.status, 0, `${cmd.join(' ')} --help exits 0`)
    t.match(r.stdout, /^Usage: libgate /, `${cmd.join(' ')} --help prints usage`)
  }
})

t.test('a bad setting stops with one line naming it, no stack', async t => {
  const r = runCli(['serve', '--http-port', '80a'])
  t.equal(r.status, 2)
  t.equal(r.stderr, "libgate: --http-port / LIBGATE_HTTP_PORT: '80a' is not a port (0-65535)\n")
  const e = runCli(['serve'], { LIBGATE_SIP2_PORT: 'x' })
  t.equal(e.status, 2)
  t.match(e.stderr, /^libgate: --sip2-port \/ LIBGATE_SIP2_PORT: 'x' is not a port/)
  t.notMatch(e.stderr, /\n\s+at /, 'no stack trace')
})

t.test('unknown commands and options are refused in one line', async t => {
  const r = runCli(['frobnicate'])
  t.equal(r.status, 2)
  t.match(r.stderr, /^libgate: unknown command 'frobnicate'/)
  const o = runCli(['serve', '--no-such-option', 'x'])
  t.equal(o.status, 2)
  t.match(o.stderr, /^libgate: Unknown option '--no-such-option'/)
})
