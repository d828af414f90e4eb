// The TypeScript port of the registration validator's checks, run against the protocol layer on a
// loopback listener (in-memory store), so it is exercised on every `npm test`; the conformance
// suite runs it against a started libgate with the shared corpus.
import t from 'tap'
import Fastify from 'fastify'
import formbody from '@fastify/formbody'
import { registerOaiRoutes } from '../../../protocols/oai-pmh/routes.js'
import { OaiValidator, summary } from '../../../conformance/oai-pmh/lib/validator.js'
import { context, seeded } from './fixtures.js'

t.test('the validator port finds no failure', async t => {
  const app = Fastify()
  await app.register(formbody)
  const store = seeded()
  store.stable = undefined
  let baseURL = ''
  registerOaiRoutes(app, { ctx: { ...context(store, { now: () => Date.now() }), get baseURL () { return baseURL } } })
  await app.listen({ host: '127.0.0.1', port: 0 })
  t.teardown(() => app.close())
  const addr = app.server.address()
  baseURL = `http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}/oai`
  const v = new OaiValidator(baseURL)
  const ok = await v.run()
  t.ok(ok, summary(v.failures))
  t.ok(v.log.filter(c => c.verdict === 'PASS').length >= 35, `passes: ${v.log.filter(c => c.verdict === 'PASS').length}`)
})

t.test('the validator port catches a broken provider', async t => {
  const app = Fastify()
  // echoes arguments on badVerb, empty first token, wrong baseURL
  app.get('/oai', async (req, reply) => {
    const q = req.query as Record<string, string>
    const head = `<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"><responseDate>2024-01-01T00:00:00.5Z</responseDate><request verb="${q.verb ?? ''}">http://x/oai</request>`
    reply.type('text/xml')
    if (q.verb === 'Identify') return head + '<Identify><repositoryName>x</repositoryName><baseURL>http://wrong/oai</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>a@b.c</adminEmail><earliestDatestamp>2024-01-01</earliestDatestamp><deletedRecord>no</deletedRecord><granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify></OAI-PMH>'
    return head + '<error code="badVerb">x</error></OAI-PMH>'
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  t.teardown(() => app.close())
  const addr = app.server.address()
  const v = new OaiValidator(`http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}/oai`)
  t.notOk(await v.run())
  const msgs = v.failures.map(f => f.message).join('\n')
  t.match(msgs, /baseURL/)
  t.match(msgs, /responseDate/)
  t.match(msgs, /earliestDatestamp/)
  t.match(msgs, /echoes attributes/)
})
