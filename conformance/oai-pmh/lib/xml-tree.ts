// A minimal namespace-aware element tree over saxes, for asserting on OAI-PMH responses.
// No DTDs, no external entities: saxes does not resolve them (and throws on unknown entities).
import { SaxesParser } from 'saxes'

export interface XmlElement {
  readonly name: string // local name
  readonly ns: string
  readonly attrs: Readonly<Record<string, string>> // by qualified name as written
  readonly children: XmlElement[]
  text: string // concatenated direct text
}

export function parseXml (xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true })
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {}
    for (const [k, a] of Object.entries(tag.attributes)) attrs[k] = typeof a === 'string' ? a : a.value
    const el: XmlElement = { name: tag.local ?? tag.name, ns: tag.uri ?? '', attrs, children: [], text: '' }
    if (stack.length > 0) stack[stack.length - 1].children.push(el)
    else root = el
    stack.push(el)
  })
  parser.on('text', (t) => { if (stack.length > 0) stack[stack.length - 1].text += t })
  parser.on('closetag', () => { stack.pop() })
  parser.on('doctype', () => { throw new Error('DOCTYPE in a response') })
  parser.write(xml).close()
  if (root === undefined) throw new Error('no root element')
  return root
}

export function child (e: XmlElement, name: string): XmlElement | undefined {
  return e.children.find(c => c.name === name)
}

export function children (e: XmlElement, name: string): XmlElement[] {
  return e.children.filter(c => c.name === name)
}

/** Every descendant (depth first) named `name`. */
export function descendants (e: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = []
  const walk = (x: XmlElement): void => { for (const c of x.children) { if (c.name === name) out.push(c); walk(c) } }
  walk(e)
  return out
}

export function textOf (e: XmlElement | undefined, name: string): string | undefined {
  return e === undefined ? undefined : child(e, name)?.text
}
