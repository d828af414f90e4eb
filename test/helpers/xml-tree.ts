// A tiny namespace-aware XML → element tree for tests (saxes): oracle outputs, fixtures and our own
// responses. Not for production parsing: no limits, whole document in memory. No DTDs: saxes resolves
// no entities, and a DOCTYPE (which no response of ours may carry) is an error.
import { SaxesParser } from 'saxes'

export interface XmlElement {
  readonly uri: string
  readonly local: string
  readonly attrs: Record<string, string> // keyed by qualified name as written ("xml:lang", "type")
  readonly children: XmlElement[]
  text: string // concatenated direct text content
}

export function parseXmlTree (xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true })
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  parser.on('opentag', node => {
    const attrs: Record<string, string> = {}
    for (const [k, a] of Object.entries(node.attributes)) attrs[k] = typeof a === 'string' ? a : a.value
    const el: XmlElement = { uri: node.uri ?? '', local: node.local ?? node.name, attrs, children: [], text: '' }
    if (stack.length > 0) stack[stack.length - 1].children.push(el); else root = el
    stack.push(el)
  })
  const onText = (t: string): void => { if (stack.length > 0) stack[stack.length - 1].text += t }
  parser.on('text', onText)
  parser.on('cdata', onText)
  parser.on('closetag', () => { stack.pop() })
  parser.on('doctype', () => { throw new Error('DOCTYPE in a document') })
  parser.write(xml).close()
  if (root === undefined) throw new Error('no root element')
  return root
}

/**
 * Every descendant element (document order) with this namespace URI and local name, or, given a
 * local name alone, with that local name in any namespace.
 */
export function descendants (el: XmlElement, uriOrLocal: string, local?: string): XmlElement[] {
  const out: XmlElement[] = []
  const match = local === undefined ? (c: XmlElement) => c.local === uriOrLocal : (c: XmlElement) => c.uri === uriOrLocal && c.local === local
  const walk = (e: XmlElement): void => { for (const c of e.children) { if (match(c)) out.push(c); walk(c) } }
  walk(el)
  return out
}

/** The first child with this local name. */
export function child (e: XmlElement, local: string): XmlElement | undefined {
  return e.children.find(c => c.local === local)
}

export function children (e: XmlElement, local: string): XmlElement[] {
  return e.children.filter(c => c.local === local)
}

/** The direct text of the first child with this local name. */
export function textOf (e: XmlElement | undefined, local: string): string | undefined {
  return e === undefined ? undefined : child(e, local)?.text
}

/** The string value of an element (all descendant text), as XPath string(). */
export function stringValue (el: XmlElement): string {
  let s = el.text
  for (const c of el.children) s += stringValue(c)
  return s
}
