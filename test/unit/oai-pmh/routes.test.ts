// The HTTP edge: GET and POST alike, content type, compression, admission (503), no stack traces.
import t from 'tap'
import Fastify from 'fastify'
import formbody from '@fastify/formbody'
import { gunzipSync, inflateSync } from 'node:zlib'
import { registerOaiRoutes } from '../../../protocols/oai-pmh/routes.js'
import type { OaiContext } from '../../../protocols/oai-pmh/context.js'
import { context, seeded } from './fixtures.js'

async function app (ctx: OaiContext, maxConcurrentLists?: number) {
  const a = Fastify()
  await a.register(formbody)
  registerOaiRoutes(a, { ctx, ...(maxConcurrentLists !== undefined ? { maxConcurrentLists } : {}), retryAfter: 7 })
  await a.ready()
  return a
}

const noDate = (s: string): string => s.replace(/<responseDate>[^<]*<\/responseDate>/, '')

t.test('GET and POST give the same document; text/xml; charset=UTF-8; HTTP 200 for OAI errors', async t => {
  const a = await app(context(seeded()))
  t.teardown(() => a.close())
  for (const q of ['verb=Identify', 'verb=GetRecord&identifier=oai%3Alib.example.vn%3AVN-HN%3Ab1&metadataPrefix=oai_dc', 'verb=ListRecords&metadataPrefix=oai_dc', 'verb=junk']) {
    const g = await a.inject({ method: 'GET', url: `/oai?${q}` })
    const p = await a.inject({ method: 'POST', url: '/oai', payload: q, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    t.equal(g.statusCode, 200, q)
    t.equal(g.headers['content-type'], 'text/xml; charset=UTF-8')
    t.equal(noDate(p.body), noDate(g.body), `POST = GET for ${q}`)
  }
  const slash = await a.inject({ method: 'GET', url: '/oai/?verb=Identify' })
  t.equal(slash.statusCode, 200, 'trailing slash answered too, never 301')
})

t.test('a ListRecords token works over POST as over GET', async t => {
  const a = await app(context(seeded()))
  t.teardown(() => a.close())
  const first = await a.inject({ method: 'POST', url: '/oai', payload: 'verb=ListRecords&metadataPrefix=oai_dc', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  const tok = /<resumptionToken[^>]*>([^<]+)</.exec(first.body)![1]
  const g = await a.inject({ method: 'GET', url: `/oai?verb=ListRecords&resumptionToken=${tok}` })
  const p = await a.inject({ method: 'POST', url: '/oai', payload: `verb=ListRecords&resumptionToken=${encodeURIComponent(tok)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  t.match(g.body, /<ListRecords>/)
  t.equal(p.body, g.body)
})

t.test('gzip and deflate when asked for; identity otherwise', async t => {
  const a = await app(context(seeded()))
  t.teardown(() => a.close())
  const plain = await a.inject({ method: 'GET', url: '/oai?verb=ListRecords&metadataPrefix=oai_dc' })
  const gz = await a.inject({ method: 'GET', url: '/oai?verb=ListRecords&metadataPrefix=oai_dc', headers: { 'accept-encoding': 'gzip' } })
  t.equal(gz.headers['content-encoding'], 'gzip')
  t.equal(gunzipSync(gz.rawPayload).toString('utf8'), plain.body)
  const df = await a.inject({ method: 'GET', url: '/oai?verb=Identify', headers: { 'accept-encoding': 'br;q=1, deflate;q=0.5' } })
  t.equal(df.headers['content-encoding'], 'deflate')
  t.match(inflateSync(df.rawPayload).toString('utf8'), '<Identify>')
  const br = await a.inject({ method: 'GET', url: '/oai?verb=Identify', headers: { 'accept-encoding': 'br' } })
  t.equal(br.headers['content-encoding'], undefined)
  const no = await a.inject({ method: 'GET', url: '/oai?verb=Identify', headers: { 'accept-encoding': 'gzip;q=0' } })
  t.equal(no.headers['content-encoding'], undefined)
})

t.test('over the list limit: 503 with an integer Retry-After, other verbs still served', async t => {
  const store = seeded()
  let unblock!: () => void
  const gate = new Promise<void>(r => { unblock = r })
  const list = store.listChanges.bind(store)
  store.listChanges = async (q) => { await gate; return list(q) }
  const a = await app(context(store), 1)
  t.teardown(() => a.close())
  const slow = a.inject({ method: 'GET', url: '/oai?verb=ListRecords&metadataPrefix=oai_dc' })
  await new Promise(r => setImmediate(r))
  const busy = await a.inject({ method: 'GET', url: '/oai?verb=ListIdentifiers&metadataPrefix=oai_dc' })
  t.equal(busy.statusCode, 503)
  t.equal(busy.headers['retry-after'], '7')
  const id = await a.inject({ method: 'GET', url: '/oai?verb=Identify' })
  t.equal(id.statusCode, 200)
  unblock()
  t.equal((await slow).statusCode, 200)
  const after = await a.inject({ method: 'GET', url: '/oai?verb=ListIdentifiers&metadataPrefix=oai_dc' })
  t.equal(after.statusCode, 200, 'the slot is released when the response ends')
})

t.test('a store failure is a plain 500, logged, with no stack trace', async t => {
  const store = seeded()
  store.countChanges = async () => { throw new Error('disk on fire at /secret/path') }
  const a = await app(context(store))
  t.teardown(() => a.close())
  const r = await a.inject({ method: 'GET', url: '/oai?verb=ListRecords&metadataPrefix=oai_dc' })
  t.equal(r.statusCode, 500)
  t.notMatch(r.body, /secret|at \w|Error/)
  const again = await a.inject({ method: 'GET', url: '/oai?verb=ListRecords&metadataPrefix=oai_dc' })
  t.equal(again.statusCode, 500, 'and the admission slot was released')
})
