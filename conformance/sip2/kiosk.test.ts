// SIP2 conformance: scripted kiosk sessions over TCP against a started libgate (the built CLI),
// with the sample patrons and items loaded through the CLI. No SIP2 client exists on npm or in
// Debian (research/sip2.md §0, §3.5), so the client is our own (test/helpers/sip2-client.ts).
import t from 'tap'
import { join } from 'node:path'
import { startGateway, ROOT } from '../helpers/gateway.js'
import { sip2Checksum } from '../../protocols/sip2/codec/checksum.js'
import { formatSipDate } from '../../protocols/sip2/codec/date.js'
import { sip2Client } from '../../test/helpers/sip2-client.js'
import { SCRIPTS } from './sessions.js'
import { freePort } from '../../test/helpers/free-port.js'

const B = ' '.repeat(18)

function fill (line: string, now: Date): string {
  let s = line.replaceAll('{D}', formatSipDate(now)).replaceAll('{B}', B)
  if (s.endsWith('{Z}')) { s = s.slice(0, -3); s += sip2Checksum(Buffer.from(s, 'utf8')) }
  return s
}


t.test('SIP2 kiosk sessions', async (t) => {
  // startGateway turns SIP2 off (--sip2-port 0); a later flag wins.
  const gw = await startGateway({ args: ['--sip2-port', String(await freePort())] })
  t.teardown(() => gw.stop())
  t.equal(gw.cli(['sip2', 'account', 'add', '--login', 'kiosk1', '--password', 's3cret-kiosk', '--institution', 'VN-SAMPLE']).status, 0, 'device account')
  t.match(gw.cli(['patrons', 'import', join(ROOT, 'samples/patrons.csv')]).stdout, /^patrons: added 5, updated 0, rejected 0/)
  t.match(gw.cli(['items', 'import', join(ROOT, 'samples/items.csv')]).stdout, /^items: added 7, updated 0, rejected 0/)
  t.ok(gw.sip2Port > 0, 'SIP2 listener')
  let n = 0
  for (const script of SCRIPTS) {
    await t.test(script.name, async (t) => {
      const c = await sip2Client(gw.sip2Port)
      const now = new Date(Date.now() + (n++) * 1000) // distinct transaction dates per script
      for (const step of script.steps) {
        const line = fill(step.send, now)
        if (line.startsWith('XX')) { c.socket.write(`${line}\r`); t.match(await c.send('9900302.00'), step.expect, step.note); continue }
        t.match(await c.send(line), step.expect, step.note)
      }
      c.close()
    })
  }
})
