import { escapeText } from '../../../src/text/xml.js'
import type { CqlModifier, CqlNode, CqlQuery, CqlSearchClause } from './ast.js'

/**
 * XCQL (CQL as XML, LoC `standards/sru/xml-files/xcql.xsd`, namespace
 * `http://www.loc.gov/zing/cql/xcql/`).
 * - `standard`: modifiers in query order, each prefix assignment as `<prefixes>` just before the
 *   element it scopes (xcql.xsd operandType: `prefixes?` then `triple | searchClause`); used to echo
 *   the query (`xQuery`).
 * - `yaz`: byte for byte what YAZ's `cql_to_xml` prints (libyaz 5.34), so that YAZ's test corpus
 *   (`test/cql2xcqlsample`) can be compared the way YAZ compares it. Its quirks are kept on purpose:
 *   modifiers listed last-first, prefix assignments resolved into the clauses they name
 *   (`cql_apply_prefix`: a named prefix strips `name.` from a matching index, an unnamed one applies
 *   to an index without a dot), and sort-key modifiers indented two columns deeper.
 */
export type XcqlStyle = 'standard' | 'yaz'

interface Prefix { readonly name?: string, readonly uri: string }

class Writer {
  out = ''
  line (level: number, s: string): void { this.out += ' '.repeat(level) + s + '\n' }
  leaf (level: number, tag: string, text: string): void { this.line(level, `<${tag}>${escapeText(text)}</${tag}>`) }
}

function modifiers (w: Writer, mods: readonly CqlModifier[], level: number, style: XcqlStyle): void {
  if (mods.length === 0) return
  const list = style === 'yaz' ? [...mods].reverse() : mods
  w.line(level, '<modifiers>')
  for (const m of list) {
    w.line(level + 2, '<modifier>')
    w.leaf(level + 4, 'type', m.name)
    if (m.comparison !== undefined && m.value !== undefined) {
      w.leaf(level + 4, 'comparison', m.comparison)
      w.leaf(level + 4, 'value', m.value)
    }
    w.line(level + 2, '</modifier>')
  }
  w.line(level, '</modifiers>')
}

function prefixes (w: Writer, list: readonly Prefix[], level: number): void {
  if (list.length === 0) return
  w.line(level, '<prefixes>')
  for (const p of list) {
    w.line(level + 2, '<prefix>')
    if (p.name !== undefined) w.leaf(level + 4, 'name', p.name)
    w.leaf(level + 4, 'identifier', p.uri)
    w.line(level + 2, '</prefix>')
  }
  w.line(level, '</prefixes>')
}

/** YAZ `cql_apply_prefix`, innermost assignment first. */
function yazResolve (c: CqlSearchClause, scope: readonly Prefix[]): { index: string, uri?: string } {
  let index = c.index
  for (let k = scope.length - 1; k >= 0; k--) {
    const p = scope[k]
    const dot = index.indexOf('.')
    if (p.name !== undefined && dot >= 0 && index.slice(0, dot).toLowerCase() === p.name.toLowerCase()) {
      return { index: index.slice(dot + 1), uri: p.uri }
    }
    if (p.name === undefined && dot < 0) return { index, uri: p.uri }
  }
  return { index }
}

function node (w: Writer, n: CqlNode, level: number, style: XcqlStyle, scope: Prefix[], own: Prefix[], tail?: (level: number) => void): void {
  switch (n.kind) {
    case 'prefixed': {
      const p: Prefix = n.name === undefined ? { uri: n.uri } : { name: n.name, uri: n.uri }
      node(w, n.query, level, style, [...scope, p], [...own, p], tail)
      return
    }
    case 'searchClause': {
      if (style === 'standard') prefixes(w, own, level)
      w.line(level, '<searchClause>')
      let index = n.index
      if (style === 'yaz') {
        const r = yazResolve(n, scope)
        index = r.index
        if (r.uri !== undefined) prefixes(w, [{ uri: r.uri }], level + 2)
      }
      w.leaf(level + 2, 'index', index)
      w.line(level + 2, '<relation>')
      w.leaf(level + 4, 'value', n.relation)
      modifiers(w, n.modifiers, level + 4, style)
      w.line(level + 2, '</relation>')
      if (style === 'yaz') {
        w.leaf(level + 2, 'term', n.term)
        for (const t of n.extraTerms) w.leaf(level + 2, 'term', t)
      } else {
        w.leaf(level + 2, 'term', [n.term, ...n.extraTerms].join(' '))
      }
      tail?.(level + 2)
      w.line(level, '</searchClause>')
      return
    }
    case 'triple': {
      if (style === 'standard') prefixes(w, own, level)
      w.line(level, '<triple>')
      w.line(level + 2, '<boolean>')
      w.leaf(level + 4, 'value', n.boolean)
      modifiers(w, n.modifiers, level + 4, style)
      w.line(level + 2, '</boolean>')
      w.line(level + 2, '<leftOperand>')
      node(w, n.left, level + 4, style, scope, [])
      w.line(level + 2, '</leftOperand>')
      w.line(level + 2, '<rightOperand>')
      node(w, n.right, level + 4, style, scope, [])
      w.line(level + 2, '</rightOperand>')
      tail?.(level + 2)
      w.line(level, '</triple>')
    }
  }
}

/** XCQL of a parsed query, pretty-printed with two-space indentation and a final newline. */
export function toXcql (q: CqlQuery, style: XcqlStyle = 'standard', level = 0): string {
  const w = new Writer()
  const tail = q.sortKeys.length === 0
    ? undefined
    : (l: number): void => {
        w.line(l, '<sortKeys>')
        for (const k of q.sortKeys) {
          w.line(l + 2, '<key>')
          w.leaf(l + 4, 'index', k.index)
          modifiers(w, k.modifiers, style === 'yaz' ? l + 6 : l + 4, style)
          w.line(l + 2, '</key>')
        }
        w.line(l, '</sortKeys>')
      }
  node(w, q.root, level, style, [], [], tail)
  return w.out
}
