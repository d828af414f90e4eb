// MARCXML → MarcRecord for tests, independent of src/ingest (so crosswalk tests don't depend on the
// reader under development). Strings are taken as written; the sample files are already NFC.
import type { DataField, MarcField, MarcRecord } from '../../src/model/marc.js'
import { descendants, parseXmlTree, type XmlElement } from './xml-tree.js'

export const MARCXML_NS = 'http://www.loc.gov/MARC21/slim'

function recordOf (r: XmlElement): MarcRecord {
  let leader = ''
  const fields: MarcField[] = []
  for (const c of r.children) {
    if (c.uri !== MARCXML_NS) continue
    if (c.local === 'leader') leader = c.text
    else if (c.local === 'controlfield') fields.push({ tag: c.attrs.tag, value: c.text })
    else if (c.local === 'datafield') {
      const f: DataField = {
        tag: c.attrs.tag,
        ind1: c.attrs.ind1 ?? ' ',
        ind2: c.attrs.ind2 ?? ' ',
        subfields: c.children.filter(s => s.uri === MARCXML_NS && s.local === 'subfield').map(s => ({ code: s.attrs.code, value: s.text })),
      }
      fields.push(f)
    }
  }
  return { leader, fields }
}

/** Every `marc:record` of a MARCXML document (collection, single record or any wrapper). */
export function readMarcXmlRecords (xml: string): MarcRecord[] {
  const root = parseXmlTree(xml)
  if (root.uri === MARCXML_NS && root.local === 'record') return [recordOf(root)]
  return descendants(root, MARCXML_NS, 'record').map(recordOf)
}
