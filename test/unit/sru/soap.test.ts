import t from 'tap'
import { parseSoapRequest, soapEnvelope, SOAP_ENV } from '../../../protocols/sru/soap.js'
import { build, numberOfRecords } from './app.js'

const env = (body: string): string => `<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENV}"><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`

t.test('SRW requests become parameters', async t => {
  const p = parseSoapRequest(env('<zs:searchRetrieveRequest xmlns:zs="http://www.loc.gov/zing/srw/"><zs:version>1.2</zs:version><zs:query>dc.title = "a &amp; b"</zs:query><zs:maximumRecords>3</zs:maximumRecords><zs:extraRequestData><x>1</x></zs:extraRequestData></zs:searchRetrieveRequest>'))
  t.same(p instanceof Map ? [...p] : p, [['operation', 'searchRetrieve'], ['version', '1.2'], ['query', 'dc.title = "a & b"'], ['maximumRecords', '3']])
  t.match(parseSoapRequest(env('<scanRequest xmlns="http://www.loc.gov/zing/srw/"><version>1.1</version><scanClause>dc.title=a</scanClause></scanRequest>')), new Map([['operation', 'scan'], ['version', '1.1'], ['scanClause', 'dc.title=a']]))
})

t.test('anything else is a one-line reason, never an exception', async t => {
  t.equal(parseSoapRequest('<a/>'), 'not a SOAP 1.1 envelope')
  t.match(parseSoapRequest(env('<foo xmlns="urn:x"/>')), /unknown request element foo/)
  t.match(parseSoapRequest('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'), /DOCTYPE/)
  t.type(parseSoapRequest('<<<'), 'string')
  t.type(parseSoapRequest(env('<a>'.repeat(40) + '</a>'.repeat(40))), 'string')
})

t.test('POST text/xml is answered in a SOAP envelope', async t => {
  const app = await build()
  const r = await app.inject({ method: 'POST', url: '/sru', headers: { 'content-type': 'text/xml' }, payload: env('<zs:searchRetrieveRequest xmlns:zs="http://www.loc.gov/zing/srw/"><zs:version>1.2</zs:version><zs:query>kieu</zs:query></zs:searchRetrieveRequest>') })
  t.match(r.headers['content-type'], /text\/xml/)
  t.match(r.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http:\/\/schemas.xmlsoap.org\/soap\/envelope\/"><SOAP-ENV:Body><zs:searchRetrieveResponse/)
  t.equal(numberOfRecords(r.body), 2)
  const bad = await app.inject({ method: 'POST', url: '/sru', headers: { 'content-type': 'text/xml' }, payload: '<x/>' })
  t.equal(bad.statusCode, 200)
  t.match(bad.body, /info:srw\/diagnostic\/1\/6/)
  t.equal(soapEnvelope('<?xml version="1.0"?>\n<a/>').includes('<SOAP-ENV:Body><a/></SOAP-ENV:Body>'), true)
})
