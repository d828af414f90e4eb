// XSD validation with Debian's xmllint against the pristine schemas in conformance/schemas/
// (offline: --nonet plus the XML catalog; research/oai-pmh.md §3.3).
import { join, resolve } from 'node:path'
import { xmllintValidate } from '../../../test/helpers/xmllint.js'

const SCHEMAS = resolve(import.meta.dirname, '../../schemas')

export interface XsdResult { readonly ok: boolean, readonly output: string }

/** Validates one document against all.xsd (every namespace a response may carry). */
export function validateXsd (xml: string | Buffer): XsdResult {
  const problems = xmllintValidate([typeof xml === 'string' ? xml : xml.toString('utf8')], join(SCHEMAS, 'all.xsd'), join(SCHEMAS, 'catalog.xml'))
  return { ok: problems.length === 0, output: problems.join('\n') }
}
