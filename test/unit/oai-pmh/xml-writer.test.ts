import t from 'tap'
import { envelopeStart, errorsXml, headerXml, resumptionTokenXml } from '../../../protocols/oai-pmh/xml-writer.js'
import { asMetadata } from '../../../protocols/oai-pmh/formats.js'
import { oaiError } from '../../../protocols/oai-pmh/errors.js'
import { parseXmlTree as parseXml } from '../../helpers/xml-tree.js'

t.test('envelope: the exact namespace/schemaLocation pairing; echo escaped; no echo when undefined', async t => {
  const s = envelopeStart('2024-01-01T00:00:00Z', 'http://x/oai?a&b', [['verb', 'GetRecord'], ['identifier', 'oai:x:"<&>\n']])
  t.match(s, '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">')
  const root = parseXml(s + '</OAI-PMH>')
  t.equal(root.children[1].attrs.identifier, 'oai:x:"<&>\n')
  t.equal(root.children[1].text, 'http://x/oai?a&b')
  t.match(envelopeStart('2024-01-01T00:00:00Z', 'http://x/oai', undefined), '<request>http://x/oai</request>')
})

t.test('error messages and header values are escaped and cleaned', async t => {
  const e = errorsXml([oaiError('badArgument', 'bad <x> & \u0001')])
  t.equal(e, '<error code="badArgument">bad &lt;x&gt; &amp; </error>\n')
  t.equal(headerXml('oai:x:a&b', '2024-01-01T00:00:00Z', ['s:1'], true), '<header status="deleted"><identifier>oai:x:a&amp;b</identifier><datestamp>2024-01-01T00:00:00Z</datestamp><setSpec>s:1</setSpec></header>')
})

t.test('resumptionToken: empty form, and completeListSize is never 0', async t => {
  t.equal(resumptionTokenXml({ token: '', cursor: 4, completeListSize: 7 }), '<resumptionToken completeListSize="7" cursor="4"/>\n')
  t.equal(resumptionTokenXml({ token: 'a.b', cursor: 0, completeListSize: 0, expirationDate: '2024-01-01T00:00:00Z' }), '<resumptionToken expirationDate="2024-01-01T00:00:00Z" cursor="0">a.b</resumptionToken>\n')
})

t.test('metadata: declaration dropped, schemaLocation added once, illegal characters dropped, pairs kept', async t => {
  t.equal(asMetadata('<?xml version="1.0"?>\n<m:r xmlns:m="urn:m">Việt\u0000\u001F\uDC00 \uD83D\uDE00</m:r>', 'urn:m', 'urn:m.xsd'),
    '<m:r xmlns:m="urn:m" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:m urn:m.xsd">Việt \uD83D\uDE00</m:r>')
  const has = '<m:r xmlns:m="urn:m" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:m x.xsd"/>'
  t.equal(asMetadata(has, 'urn:m', 'urn:m.xsd'), has)
  t.equal(asMetadata('<m:r xmlns:m="urn:m"/>', 'urn:m', 'y'), '<m:r xmlns:m="urn:m" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:m y"/>')
})
