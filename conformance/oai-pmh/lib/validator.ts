// A TypeScript port of the checks of the OAI-PMH registration validator (zimeon/oaipmh-validator,
// HTTP::OAIPMH::Validator, research/oai-pmh.md §3.1), with its known gaps fixed:
//  - cursor="0" counts as present (the Perl `if (my $cursor=…)` skipped the check on a correct value);
//  - every token of a list is followed, with cursor arithmetic and completeListSize constancy;
//  - the request element of badVerb/badArgument answers must carry no attributes;
//  - set hierarchy, deleted records, compression and from/until boundaries are checked too.
// The original's own XSD gap is covered by xsd.ts in the same suite.
import { gunzipSync } from 'node:zlib'
import { child, children, descendants, parseXmlTree as parseXml, textOf, type XmlElement } from '../../../test/helpers/xml-tree.js'

export type Verdict = 'PASS' | 'FAIL' | 'WARN'
export interface Check { readonly verdict: Verdict, readonly message: string }

const OAI_NS = 'http://www.openarchives.org/OAI/2.0/'
const SCHEMA_LOCATION = 'http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd'
const SECONDS_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/
const DAY_RE = /^\d{4}-\d\d-\d\d$/

interface Reply { status: number, headers: Headers, body: string, root: XmlElement | undefined }

export class OaiValidator {
  readonly log: Check[] = []
  private granularity: 'days' | 'seconds' = 'days'
  private earliest = ''
  private setSpecs: string[] = []
  private exampleId: string | undefined
  private exampleSets: string[] = []
  private deletedId: string | undefined
  private compression: string[] = []

  constructor (readonly baseURL: string, private readonly maxRetries = 5) {}

  private pass (m: string): void { this.log.push({ verdict: 'PASS', message: m }) }
  private fail (m: string): void { this.log.push({ verdict: 'FAIL', message: m }) }
  private warn (m: string): void { this.log.push({ verdict: 'WARN', message: m }) }
  get failures (): Check[] { return this.log.filter(c => c.verdict === 'FAIL') }

  /** make_request: honours 503 + Retry-After (integer ≤ 3600, at most maxRetries in a row); no redirects followed. */
  private async request (query: string, post = false, headers: Record<string, string> = {}): Promise<Reply> {
    for (let attempt = 0; ; attempt++) {
      const res = post
        ? await fetch(this.baseURL, { method: 'POST', body: query, headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'OAIPMH_Validator', ...headers }, redirect: 'manual' })
        : await fetch(`${this.baseURL}?${query}`, { headers: { 'user-agent': 'OAIPMH_Validator', ...headers }, redirect: 'manual' })
      if (res.status === 503 && attempt < this.maxRetries) {
        const ra = res.headers.get('retry-after') ?? ''
        if (!/^\d+$/.test(ra) || Number(ra) > 3600) { this.fail(`503 for ${query} without an integer Retry-After ≤ 3600 (got '${ra}')`); return { status: 503, headers: res.headers, body: '', root: undefined } }
        await new Promise(r => setTimeout(r, Math.min(Number(ra), 2) * 1000))
        continue
      }
      const buf = Buffer.from(await res.arrayBuffer())
      const body = (res.headers.get('content-encoding') === 'gzip' && buf[0] === 0x1f ? gunzipSync(buf) : buf).toString('utf8')
      let root: XmlElement | undefined
      try { root = parseXml(body) } catch (e) { this.fail(`${query}: response is not well-formed XML (${(e as Error).message.slice(0, 120)})`) }
      if (root !== undefined) this.checkEnvelope(query, res.status, root)
      return { status: res.status, headers: res.headers, body, root }
    }
  }

  /** Checks every response gets: HTTP 200, root, namespace/schemaLocation pairing, responseDate form. */
  private checkEnvelope (query: string, status: number, root: XmlElement): void {
    if (status !== 200) this.fail(`${query}: HTTP ${status} (OAI-PMH answers, errors included, are 200)`)
    if (root.local !== 'OAI-PMH' || root.uri !== OAI_NS) this.fail(`${query}: root is not OAI-PMH in ${OAI_NS}`)
    if (root.attrs['xsi:schemaLocation'] !== SCHEMA_LOCATION) this.fail(`${query}: xsi:schemaLocation is not '${SCHEMA_LOCATION}'`)
    const rd = textOf(root, 'responseDate') ?? ''
    if (!SECONDS_RE.test(rd)) this.fail(`${query}: responseDate '${rd}' is not UTC at seconds granularity without fractions`)
  }

  private errors (r: Reply): string[] { return r.root === undefined ? [] : children(r.root, 'error').map(e => e.attrs.code) }
  private verbEl (r: Reply, verb: string): XmlElement | undefined { return r.root === undefined ? undefined : child(r.root, verb) }

  private datestampOk (s: string): boolean { return this.granularity === 'seconds' ? SECONDS_RE.test(s) : DAY_RE.test(s) }

  async run (): Promise<boolean> {
    await this.testIdentify()
    await this.testListSets()
    await this.testListIdentifiers()
    await this.testListMetadataFormats()
    const ds = await this.testGetRecord()
    await this.testListRecords(ds)
    await this.testExpectedErrors()
    await this.testV2Errors()
    await this.testPost()
    await this.testResumptionTokens('ListIdentifiers')
    await this.testResumptionTokens('ListRecords')
    await this.testSetHierarchy()
    await this.testDeleted()
    await this.testCompression()
    return this.failures.length === 0
  }

  async testIdentify (): Promise<void> {
    const r = await this.request('verb=Identify')
    if (r.status === 301) this.fail('Identify answered 301: not widely supported by harvesters; use 302 if a redirect is needed')
    const id = this.verbEl(r, 'Identify')
    if (id === undefined) { this.fail('Identify response has no Identify element'); return }
    const email = textOf(id, 'adminEmail') ?? ''
    if (/^\S+@(\S+\.)+\S+$/.test(email)) this.pass(`adminEmail ${email}`); else this.fail(`adminEmail '${email}' missing or invalid`)
    if (textOf(id, 'protocolVersion') === '2.0') this.pass('protocolVersion 2.0'); else this.fail('protocolVersion is not 2.0')
    if (textOf(id, 'baseURL') === this.baseURL) this.pass('baseURL matches exactly'); else this.fail(`baseURL '${textOf(id, 'baseURL')}' is not exactly '${this.baseURL}'`)
    const g = textOf(id, 'granularity')
    if (g === 'YYYY-MM-DDThh:mm:ssZ') this.granularity = 'seconds'
    else if (g === 'YYYY-MM-DD') this.granularity = 'days'
    else this.fail(`granularity '${g}' not recognised`)
    this.earliest = textOf(id, 'earliestDatestamp') ?? ''
    if (this.datestampOk(this.earliest)) this.pass(`earliestDatestamp ${this.earliest} at the declared granularity`); else this.fail(`earliestDatestamp '${this.earliest}' not at granularity ${this.granularity}`)
    this.compression = children(id, 'compression').map(c => c.text)
    if (this.compression.includes('identity')) this.warn('compression lists identity, which is implied')
    const ids = descendants(id, 'oai-identifier')
    if (ids.length > 1) this.fail('more than one oai-identifier description')
    if (ids.length === 1) {
      const o = ids[0]
      if (o.uri !== 'http://www.openarchives.org/OAI/2.0/oai-identifier') this.fail('oai-identifier in the wrong namespace')
      const rid = textOf(o, 'repositoryIdentifier') ?? ''
      // the schema's pattern (the Perl validator's lower-case, two-character-label regex is stricter than the 2007 schema)
      if (/^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$/.test(rid)) this.pass(`repositoryIdentifier ${rid}`); else this.fail(`repositoryIdentifier '${rid}' is not a domain name`)
      if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]+)+$/.test(rid)) this.warn(`repositoryIdentifier '${rid}' would fail the openarchives.org validator's stricter pattern`)
      const sample = textOf(o, 'sampleIdentifier') ?? ''
      if (!sample.startsWith(`oai:${rid}:`)) this.fail(`sampleIdentifier '${sample}' is not in the oai:${rid}: namespace`)
    }
  }

  async testListSets (): Promise<void> {
    const r = await this.request('verb=ListSets')
    const errs = this.errors(r)
    if (errs.includes('noSetHierarchy')) { this.pass('no sets (noSetHierarchy)'); return }
    const ls = this.verbEl(r, 'ListSets')
    if (ls === undefined) { this.fail(`ListSets: neither sets nor noSetHierarchy (${errs.join(',')})`); return }
    this.setSpecs = children(ls, 'set').map(s => textOf(s, 'setSpec') ?? '')
    for (const s of children(ls, 'set')) if ((textOf(s, 'setName') ?? '') === '') this.fail(`set ${textOf(s, 'setSpec')} has no setName`)
    this.pass(`ListSets: ${this.setSpecs.length} sets`)
  }

  async testListIdentifiers (): Promise<void> {
    const r = await this.request('verb=ListIdentifiers&metadataPrefix=oai_dc')
    const li = this.verbEl(r, 'ListIdentifiers')
    if (li === undefined) { this.fail(`ListIdentifiers oai_dc failed: ${this.errors(r).join(',')}`); return }
    for (const h of children(li, 'header')) {
      if (h.attrs.status === 'deleted') { this.deletedId ??= textOf(h, 'identifier'); continue }
      if (this.exampleId === undefined) { this.exampleId = textOf(h, 'identifier'); this.exampleSets = children(h, 'setSpec').map(s => s.text) }
    }
    if (this.exampleId !== undefined) this.pass(`example identifier ${this.exampleId}`); else this.fail('no live record in the first ListIdentifiers page')
  }

  async testListMetadataFormats (): Promise<void> {
    if (this.exampleId === undefined) return
    const r = await this.request(`verb=ListMetadataFormats&identifier=${encodeURIComponent(this.exampleId)}`)
    const prefixes = r.root === undefined ? [] : descendants(r.root, 'metadataPrefix').map(e => e.text)
    if (prefixes.includes('oai_dc')) this.pass('example record available as oai_dc'); else this.fail('ListMetadataFormats for the example record lacks oai_dc')
  }

  async testGetRecord (): Promise<string | undefined> {
    if (this.exampleId === undefined) return undefined
    const r = await this.request(`verb=GetRecord&identifier=${encodeURIComponent(this.exampleId)}&metadataPrefix=oai_dc`)
    const gr = this.verbEl(r, 'GetRecord')
    if (gr === undefined) { this.fail(`GetRecord failed: ${this.errors(r).join(',')}`); return undefined }
    const h = descendants(gr, 'header')[0]
    const ds = textOf(h, 'datestamp') ?? ''
    if (this.datestampOk(ds)) this.pass(`GetRecord datestamp ${ds} at the declared granularity`); else this.fail(`GetRecord datestamp '${ds}' not at granularity ${this.granularity}`)
    const sets = children(h, 'setSpec').map(s => s.text)
    for (const s of this.exampleSets) if (!sets.includes(s)) this.fail(`GetRecord header lacks setSpec ${s} shown by ListIdentifiers`)
    if (textOf(h, 'identifier') !== this.exampleId) this.fail('GetRecord returned another identifier')
    return ds
  }

  async testListRecords (ds: string | undefined): Promise<void> {
    if (ds === undefined || this.exampleId === undefined) return
    const r = await this.request(`verb=ListRecords&metadataPrefix=oai_dc&from=${ds}&until=${ds}`)
    const ids = r.root === undefined ? [] : descendants(r.root, 'identifier').map(e => e.text)
    if (ids.includes(this.exampleId)) this.pass('ListRecords from=until=datestamp includes the example record'); else this.fail(`ListRecords from=${ds}&until=${ds} does not include ${this.exampleId}`)
  }

  private async expect (query: string, allowed: string[], what: string): Promise<void> {
    const r = await this.request(query)
    const errs = this.errors(r)
    if (errs.length > 0 && errs.every(e => allowed.includes(e))) this.pass(`${what}: ${errs.join(',')}`)
    else this.fail(`${what}: expected ${allowed.join(' or ')}, got ${errs.length > 0 ? errs.join(',') : 'no error'}`)
    if (errs.some(e => e === 'badVerb' || e === 'badArgument') && r.root !== undefined) {
      const req = child(r.root, 'request')
      if (req !== undefined && Object.keys(req.attrs).length > 0) this.fail(`${what}: request element echoes attributes on a ${errs.join(',')} answer (§3.2)`)
    }
  }

  async testExpectedErrors (): Promise<void> {
    const id = encodeURIComponent(this.exampleId ?? 'oai:example.org:1')
    await this.expect('junk', ['badVerb'], 'no verb')
    await this.expect('verb=junk', ['badVerb'], 'illegal verb')
    await this.expect('verb=GetRecord&metadataPrefix=oai_dc', ['badArgument'], 'GetRecord without identifier')
    await this.expect(`verb=GetRecord&identifier=${id}`, ['badArgument'], 'GetRecord without metadataPrefix')
    await this.expect('verb=GetRecord&identifier=invalid%22id&metadataPrefix=oai_dc', ['badArgument', 'idDoesNotExist'], 'GetRecord invalid"id')
    await this.expect('verb=ListIdentifiers&metadataPrefix=oai_dc&until=junk', ['badArgument'], 'ListIdentifiers until=junk')
    await this.expect('verb=ListIdentifiers&metadataPrefix=oai_dc&from=junk', ['badArgument'], 'ListIdentifiers from=junk')
    await this.expect('verb=ListIdentifiers&resumptionToken=junk&until=2000-02-05', ['badArgument', 'badResumptionToken'], 'ListIdentifiers token + until')
    await this.expect('verb=ListRecords&metadataPrefix=oai_dc&from=junk', ['badArgument'], 'ListRecords from=junk')
    await this.expect('verb=ListRecords&resumptionToken=junk', ['badResumptionToken'], 'ListRecords bad token')
    await this.expect('verb=ListRecords&resumptionToken=junk&until=1990-01-10', ['badArgument', 'badResumptionToken'], 'ListRecords token + until')
    await this.expect('verb=ListRecords&metadataPrefix=oai_dc&until=junk', ['badArgument'], 'ListRecords until=junk')
    await this.expect('verb=ListRecords', ['badArgument'], 'ListRecords without arguments')
  }

  async testV2Errors (): Promise<void> {
    await this.expect('verb=ListRecords&metadataPrefix=oai_dc&from=2002-02-05&until=2002-02-06T05:35:00Z', ['badArgument'], 'mixed granularities')
    const y = Number(this.earliest.slice(0, 4))
    if (Number.isFinite(y)) {
      const before = `${String(y - 1).padStart(4, '0')}${this.earliest.slice(4)}`
      await this.expect(`verb=ListRecords&metadataPrefix=oai_dc&until=${before}`, ['noRecordsMatch'], 'until a year before earliestDatestamp')
    }
  }

  async testPost (): Promise<void> {
    const r = await this.request('verb=Identify', true)
    if (this.verbEl(r, 'Identify') !== undefined) this.pass('POST Identify'); else this.fail('POST Identify failed')
    if (this.exampleId === undefined) return
    const g = await this.request(`verb=GetRecord&identifier=${encodeURIComponent(this.exampleId)}&metadataPrefix=oai_dc`, true)
    if (this.verbEl(g, 'GetRecord') !== undefined) this.pass('POST GetRecord'); else this.fail(`POST GetRecord failed: ${this.errors(g).join(',')}`)
  }

  /** Every token of the list: one token, last child, never empty first, cursor arithmetic, constant size, reuse. */
  async testResumptionTokens (verb: 'ListIdentifiers' | 'ListRecords'): Promise<void> {
    let r = await this.request(`verb=${verb}&metadataPrefix=oai_dc`)
    let expectedCursor = 0
    let size: string | undefined
    let total = 0
    let firstToken: string | undefined
    for (let pageNo = 1; ; pageNo++) {
      const v = this.verbEl(r, verb)
      if (v === undefined) { this.fail(`${verb} page ${pageNo}: ${this.errors(r).join(',')}`); return }
      const items = children(v, verb === 'ListRecords' ? 'record' : 'header').length
      for (const h of descendants(v, 'header')) if (h.attrs.status === 'deleted') this.deletedId ??= textOf(h, 'identifier')
      const toks = children(v, 'resumptionToken')
      if (toks.length > 1) this.fail(`${verb} page ${pageNo}: more than one resumptionToken`)
      const tok = toks[0]
      if (tok === undefined) {
        if (pageNo > 1) this.fail(`${verb} page ${pageNo}: a continued list must end with an empty resumptionToken`)
        total += items
        break
      }
      if (v.children[v.children.length - 1] !== tok) this.fail(`${verb} page ${pageNo}: resumptionToken is not the last child`)
      if (pageNo === 1 && tok.text === '') this.fail(`${verb}: empty resumptionToken in the first response`)
      if (tok.attrs.cursor !== undefined && Number(tok.attrs.cursor) !== expectedCursor) this.fail(`${verb} page ${pageNo}: cursor ${tok.attrs.cursor}, expected ${expectedCursor}`)
      if (pageNo === 1 && tok.attrs.cursor !== undefined) this.pass(`${verb}: cursor 0 on the first response`)
      if (size === undefined) size = tok.attrs.completeListSize
      else if (tok.attrs.completeListSize !== size) this.fail(`${verb} page ${pageNo}: completeListSize changed from ${size} to ${tok.attrs.completeListSize}`)
      if (tok.attrs.expirationDate !== undefined && !SECONDS_RE.test(tok.attrs.expirationDate)) this.fail(`${verb}: expirationDate '${tok.attrs.expirationDate}' not UTC seconds`)
      expectedCursor += items
      total += items
      if (tok.text === '') break
      firstToken ??= tok.text
      r = await this.request(`verb=${verb}&resumptionToken=${encodeURIComponent(tok.text)}`)
    }
    if (size !== undefined && Number(size) !== total) this.fail(`${verb}: completeListSize ${size} but ${total} items served`)
    else this.pass(`${verb}: ${total} items over all pages`)
    if (firstToken !== undefined) {
      const again = await this.request(`verb=${verb}&resumptionToken=${encodeURIComponent(firstToken)}`)
      if (this.verbEl(again, verb) !== undefined) this.pass(`${verb}: a token is accepted again`); else this.fail(`${verb}: reusing a token failed (${this.errors(again).join(',')})`)
    }
  }

  /** A record in `a:b` is in `a` too (§2.7.2). */
  async testSetHierarchy (): Promise<void> {
    const leaf = this.exampleSets.find(s => s.includes(':'))
    if (leaf === undefined || this.exampleId === undefined) return
    const parent = leaf.slice(0, leaf.indexOf(':'))
    if (!this.setSpecs.includes(parent)) this.warn(`ListSets does not list the parent set ${parent}`)
    for (const set of [leaf, parent]) {
      const r = await this.request(`verb=ListIdentifiers&metadataPrefix=oai_dc&set=${set}&from=${await this.exampleDatestamp()}&until=${await this.exampleDatestamp()}`)
      const ids = r.root === undefined ? [] : descendants(r.root, 'identifier').map(e => e.text)
      if (ids.includes(this.exampleId)) this.pass(`set=${set} includes the example record`); else this.fail(`set=${set} does not include the example record`)
    }
  }

  private exampleDs: string | undefined
  private async exampleDatestamp (): Promise<string> {
    if (this.exampleDs === undefined) {
      const r = await this.request(`verb=GetRecord&identifier=${encodeURIComponent(this.exampleId!)}&metadataPrefix=oai_dc`)
      this.exampleDs = r.root === undefined ? '' : descendants(r.root, 'datestamp')[0]?.text ?? ''
    }
    return this.exampleDs
  }

  /** Deleted records: header only, status="deleted", in GetRecord too (§2.5.1). */
  async testDeleted (): Promise<void> {
    if (this.deletedId === undefined) { this.warn('no deleted record in the repository; deletion checks skipped'); return }
    const r = await this.request(`verb=GetRecord&identifier=${encodeURIComponent(this.deletedId)}&metadataPrefix=oai_dc`)
    const rec = r.root === undefined ? undefined : descendants(r.root, 'record')[0]
    if (rec === undefined) { this.fail(`GetRecord of deleted ${this.deletedId} failed: ${this.errors(r).join(',')}`); return }
    if (child(rec, 'header')?.attrs.status === 'deleted' && child(rec, 'metadata') === undefined) this.pass('deleted record: header only with status="deleted"')
    else this.fail('deleted record served with metadata or without status="deleted"')
  }

  /** Compression: only what Identify advertises, and it must work when asked for. */
  async testCompression (): Promise<void> {
    const r = await this.request('verb=Identify', false, { 'accept-encoding': 'gzip' })
    const enc = r.headers.get('content-encoding')
    if (enc === 'gzip' && !this.compression.includes('gzip')) this.fail('gzip used but not advertised in Identify')
    if (this.compression.includes('gzip') && enc !== 'gzip') this.fail('gzip advertised but not used when asked for')
    else if (enc === 'gzip') this.pass('gzip works as advertised')
    const b = await this.request('verb=Identify', false, { 'accept-encoding': 'br' })
    if (b.headers.get('content-encoding') !== null) this.fail(`unadvertised encoding ${b.headers.get('content-encoding')} used`)
  }
}

export function summary (checks: readonly Check[]): string {
  return checks.map(c => `${c.verdict}: ${c.message}`).join('\n')
}
