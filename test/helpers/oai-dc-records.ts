// oai_dc XML → DcRecord for tests (values NFC, as ingest stores them), independent of src/ingest.
import { isDcElementName, type DcElement, type DcRecord } from '../../src/model/dc.js'
import { descendants, parseXmlTree, stringValue } from './xml-tree.js'

const OAI_DC_NS = 'http://www.openarchives.org/OAI/2.0/oai_dc/'
const DC_NS = 'http://purl.org/dc/elements/1.1/'

/** Every `oai_dc:dc` of a document (an OAI-PMH response or a bare record), in document order. */
export function readOaiDcRecords (xml: string): DcRecord[] {
  return descendants(parseXmlTree(xml), OAI_DC_NS, 'dc').map(dc => {
    const elements: DcElement[] = []
    for (const c of dc.children) {
      if (c.uri !== DC_NS || !isDcElementName(c.local)) continue
      const value = stringValue(c).normalize('NFC').trim()
      const lang = c.attrs['xml:lang']
      elements.push(lang === undefined ? { name: c.local, value } : { name: c.local, value, lang })
    }
    return { elements }
  })
}
