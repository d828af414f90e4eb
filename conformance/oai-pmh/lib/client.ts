// A tiny OAI-PMH HTTP client for the conformance suites (GET or POST form), with a full harvest.
import { child, children, descendants, parseXmlTree as parseXml, textOf, type XmlElement } from '../../../test/helpers/xml-tree.js'

export interface OaiReply {
  readonly status: number
  readonly headers: Headers
  readonly body: string
  readonly root: XmlElement | undefined
  readonly errors: string[]
}

export async function oai (baseURL: string, args: string | Record<string, string>, opts: { post?: boolean, headers?: Record<string, string> } = {}): Promise<OaiReply> {
  const qs = typeof args === 'string' ? args : new URLSearchParams(args).toString()
  const res = opts.post === true
    ? await fetch(baseURL, { method: 'POST', body: qs, headers: { 'content-type': 'application/x-www-form-urlencoded', ...opts.headers } })
    : await fetch(qs === '' ? baseURL : `${baseURL}?${qs}`, { headers: opts.headers ?? {} })
  const body = await res.text()
  let root: XmlElement | undefined
  try { root = parseXml(body) } catch { root = undefined }
  return { status: res.status, headers: res.headers, body, root, errors: root === undefined ? [] : children(root, 'error').map(e => e.attrs.code) }
}

export interface Harvested {
  readonly identifier: string
  readonly datestamp: string
  readonly deleted: boolean
  readonly sets: string[]
}

export interface Harvest {
  readonly records: Harvested[]
  readonly pages: OaiReply[]
  /** responseDate of the first page (the next incremental `from`). */
  readonly responseDate: string
}

/** Follows resumption tokens to the end; throws on any OAI error other than noRecordsMatch. */
export async function harvestAll (baseURL: string, verb: 'ListRecords' | 'ListIdentifiers', args: Record<string, string>): Promise<Harvest> {
  const pages: OaiReply[] = []
  const records: Harvested[] = []
  let reply = await oai(baseURL, { verb, ...args })
  for (;;) {
    pages.push(reply)
    if (reply.errors.length > 0) {
      if (reply.errors[0] === 'noRecordsMatch') break
      throw new Error(`${verb}: ${reply.errors.join(', ')}`)
    }
    const v = child(reply.root!, verb)!
    for (const h of descendants(v, 'header')) {
      records.push({ identifier: textOf(h, 'identifier')!, datestamp: textOf(h, 'datestamp')!, deleted: h.attrs.status === 'deleted', sets: children(h, 'setSpec').map(s => s.text) })
    }
    const tok = child(v, 'resumptionToken')
    if (tok === undefined || tok.text === '') break
    reply = await oai(baseURL, { verb, resumptionToken: tok.text })
  }
  return { records, pages, responseDate: textOf(pages[0].root, 'responseDate') ?? '' }
}
