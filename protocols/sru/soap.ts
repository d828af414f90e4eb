import { SaxesParser } from 'saxes'
import { NS } from './namespaces.js'

/**
 * SRW: SRU 1.1/1.2 over SOAP 1.1 (research §1.1; LoC `companionSpecs/srw.html`). The envelope's body
 * holds one `searchRetrieveRequest`, `scanRequest` or `explainRequest` in the zing/srw namespace;
 * its child elements are the SRU parameters by name. Parsed with saxes, which never fetches or
 * expands external entities; a DOCTYPE is refused outright, and size and depth are bounded.
 */
export const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/'

const OPERATIONS: Record<string, string> = { searchRetrieveRequest: 'searchRetrieve', scanRequest: 'scan', explainRequest: 'explain' }
const MAX_DEPTH = 16
const MAX_VALUE = 16_384

/** Parameters of a SOAP SRW request, or a one-line reason why it is not one. */
export function parseSoapRequest (xml: string): Map<string, string> | string {
  const params = new Map<string, string>()
  const parser = new SaxesParser({ xmlns: true })
  const stack: string[] = []
  let inRequest = -1
  let field: string | undefined
  let text = ''
  let error: string | undefined
  parser.on('doctype', () => { error ??= 'a DOCTYPE is not allowed' })
  parser.on('error', e => { error ??= e.message })
  parser.on('opentag', tag => {
    stack.push(tag.local)
    if (stack.length > MAX_DEPTH) { error ??= 'nesting too deep'; return }
    const depth = stack.length
    if (depth === 1 && !(tag.local === 'Envelope' && tag.uri === SOAP_ENV)) error ??= 'not a SOAP 1.1 envelope'
    if (depth === 3 && inRequest < 0) {
      const op = OPERATIONS[tag.local]
      if (op === undefined || tag.uri !== NS.srw) { error ??= `unknown request element ${tag.local}`; return }
      inRequest = depth
      params.set('operation', op)
    } else if (inRequest > 0 && depth === inRequest + 1) {
      field = tag.local
      text = ''
    }
  })
  parser.on('text', t => { if (field !== undefined && text.length < MAX_VALUE) text += t })
  parser.on('closetag', () => {
    if (field !== undefined && stack.length === inRequest + 1) {
      if (field !== 'extraRequestData' && !params.has(field)) params.set(field, text.trim())
      field = undefined
    }
    stack.pop()
  })
  try {
    parser.write(xml).close()
  } catch (e) {
    error ??= e instanceof Error ? e.message : String(e)
  }
  if (error !== undefined) return error.split('\n')[0]
  if (inRequest < 0) return 'no SRW request in the SOAP body'
  return params
}

/** Wraps a response document (its XML declaration and stylesheet PI dropped) in a SOAP envelope. */
export function soapEnvelope (responseXml: string): string {
  const body = responseXml.replace(/^<\?xml[^>]*\?>\n?/, '').replace(/^<\?xml-stylesheet[^>]*\?>\n?/, '')
  return `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENV}"><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`
}
