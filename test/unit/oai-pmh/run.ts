// Runs one request through handleOai and parses the document.
import { handleOai } from '../../../protocols/oai-pmh/handler.js'
import type { OaiContext } from '../../../protocols/oai-pmh/context.js'
import { child, children, parseXmlTree as parseXml, type XmlElement } from '../../helpers/xml-tree.js'

export interface Answer {
  readonly xml: string
  readonly root: XmlElement
  readonly errors: string[]
  readonly request: XmlElement
  readonly verbElement: XmlElement | undefined
}

export function pairs (query: string): Array<[string, string]> {
  return [...new URLSearchParams(query).entries()]
}

export async function ask (ctx: OaiContext, query: string | Array<[string, string]>): Promise<Answer> {
  const res = await handleOai(ctx, typeof query === 'string' ? pairs(query) : query)
  let xml = ''
  for await (const c of res.chunks) xml += typeof c === 'string' ? c : Buffer.from(c).toString('utf8')
  const root = parseXml(xml)
  const verbElement = root.children[2]?.local === 'error' ? undefined : root.children[2]
  return { xml, root, errors: children(root, 'error').map(e => e.attrs.code), request: child(root, 'request')!, verbElement }
}
