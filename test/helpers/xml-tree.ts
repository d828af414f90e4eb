// A tiny namespace-aware XML → element tree for tests (saxes). Not for production parsing: no
// limits, whole document in memory. Used to read oracle outputs and fixtures.
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
  parser.write(xml).close()
  if (root === undefined) throw new Error('no root element')
  return root
}

/** Every descendant element (document order) with this namespace URI and local name. */
export function descendants (el: XmlElement, uri: string, local: string, out: XmlElement[] = []): XmlElement[] {
  for (const c of el.children) {
    if (c.uri === uri && c.local === local) out.push(c)
    descendants(c, uri, local, out)
  }
  return out
}

/** The string value of an element (all descendant text), as XPath string(). */
export function stringValue (el: XmlElement): string {
  let s = el.text
  for (const c of el.children) s += stringValue(c)
  return s
}
