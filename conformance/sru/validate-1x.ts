// XSD validation of SRU 1.1 and 1.2 responses (searchRetrieve, scan, explain, diagnostics) with
// xmllint --nonet against LoC's SRU 1.x srw-types.xsd, restored from the lcnetdev mirror (see
// conformance/schemas/sru/README.md). Record payloads in recordData are validated too (MARCXML,
// MODS, oai_dc, SRU DC, surrogate diagnostics) through the imports of sru-1-x/response.xsd.
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { ROOT } from '../helpers/gateway.js'
import { xmllintValidate } from '../../test/helpers/xmllint.js'

const SCHEMAS = resolve(ROOT, 'conformance/schemas/sru')
export const SRU1X = resolve(SCHEMAS, 'sru-1-x')
const DROP_12 = resolve(SRU1X, 'drop-1-2-record-identifier.xsl')
const SOAP_BODY = resolve(ROOT, 'conformance/sru/soap-body.xsl')

function xslt (stylesheet: string, xml: string): { out: string, err: string } {
  const r = spawnSync('xsltproc', ['--nonet', stylesheet, '-'], { input: xml, encoding: 'utf8', maxBuffer: 64 << 20 })
  return r.status === 0 ? { out: r.stdout, err: '' } : { out: '', err: `xsltproc: ${r.stderr}` }
}

/**
 * '' when `xml` is a valid SRU `version` response, else xmllint's errors. A 1.2 response first loses
 * each recordIdentifier placed where SRU 1.2 adds it (the stored schema is the 1.1 one); nothing
 * else is changed. `soap`: the response is a SOAP envelope; its Body's child is validated.
 */
export function validate1x (xml: string, version: '1.1' | '1.2', soap = false): string {
  let doc = xml
  if (soap) {
    const b = xslt(SOAP_BODY, doc)
    if (b.err !== '') return b.err
    if (!/<\w+:(searchRetrieve|scan|explain)Response\b/.test(b.out)) return 'no SRU response in the SOAP Body'
    doc = b.out
  }
  if (version === '1.2') {
    const d = xslt(DROP_12, doc)
    if (d.err !== '') return d.err
    doc = d.out
  }
  return xmllintValidate([doc], resolve(SRU1X, 'response.xsd'), resolve(SCHEMAS, 'catalog.xml')).join('\n')
}
