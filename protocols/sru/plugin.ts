import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Services } from '../../src/services.js'
import { isIsil, type Isil } from '../../src/model/isil.js'
import { Lru } from './lru.js'
import { parseRequest, negotiateVersion, type Limits, type SruRequest } from './request.js'
import { toJson, toXml, type SruOut } from './response.js'
import { createCaches, explain, scan, searchRetrieve, type SruContext } from './service.js'
import { parseSoapRequest, soapEnvelope } from './soap.js'

export interface SruOptions {
  readonly services: Services
}


/** Fixed limits; the record cap is the sruMaxRecords setting. */
export function limitsFrom (maxRecords: number): Limits {
  return { maxRecords, defaultRecords: Math.min(10, maxRecords), maxTerms: 100, defaultTerms: 20, maxResultSetTtl: 600, defaultResultSetTtl: 120 }
}

// Identical GET requests within this many ms are answered from the finished response (render once,
// serve many); a store change shows after at most this delay or the result set's TTL.
const RESPONSE_TTL_MS = 10_000
const MAX_URL = 8192

/** A SOAP (SRW) request: POST with an XML body. */
function isSoap (req: FastifyRequest): boolean {
  return req.method === 'POST' && /^(text|application)\/xml\b/i.test(String(req.headers['content-type'] ?? ''))
}

function paramsOf (req: FastifyRequest): Map<string, string> | string {
  const out = new Map<string, string>()
  const add = (k: string, v: unknown): void => {
    const s = Array.isArray(v) ? String(v[0]) : String(v)
    if (!out.has(k)) out.set(k, s)
  }
  // GET: the raw query string decoded as UTF-8 with + as space (SRU transport companion spec).
  const url = req.url
  const q = url.indexOf('?')
  if (q >= 0) {
    const sp = new URLSearchParams(url.slice(q + 1))
    for (const [k, v] of sp) add(k, v)
  }
  if (req.method === 'POST') {
    const ct = String(req.headers['content-type'] ?? '')
    if (isSoap(req)) {
      const soap = parseSoapRequest(typeof req.body === 'string' ? req.body : '')
      if (typeof soap === 'string') return `SOAP: ${soap}`
      for (const [k, v] of soap) add(k, v)
      return out
    }
    if (!/^application\/x-www-form-urlencoded\b/i.test(ct)) return 'POST bodies must be application/x-www-form-urlencoded (or a SOAP envelope as text/xml)'
    const body = req.body
    if (body !== null && typeof body === 'object') for (const [k, v] of Object.entries(body as Record<string, unknown>)) add(k, v)
  }
  return out
}

/**
 * SRU 1.1, 1.2 and 2.0 at `/sru` (every library) and `/sru/{ISIL}` (one library's records; an ISIL
 * the store does not hold, or any other path, is diagnostic 235 "Database does not exist").
 * GET and POST (form-encoded); always HTTP 200 with diagnostics in the body for SRU-level errors.
 */
async function sru (app: FastifyInstance, opts: SruOptions): Promise<void> {
  const { store, settings, log } = opts.services
  const limits = limitsFrom(settings.sruMaxRecords)
  const caches = createCaches()
  const responses = new Lru<string, { body: string, type: string }>(5000, 32 * 1024 * 1024)
  const base = new URL(settings.baseUrl)
  const host = base.hostname
  const port = Number(base.port !== '' ? base.port : base.protocol === 'https:' ? 443 : 80)
  let libs: { at: number, set: Set<string> } | undefined

  async function knownLibrary (isil: string): Promise<boolean> {
    const now = Date.now()
    if (libs === undefined || now - libs.at > 5000) libs = { at: now, set: new Set(await store.libraries()) }
    return libs.set.has(isil)
  }

  async function handle (request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const url = request.url
    const cacheable = request.method === 'GET' && url.length <= MAX_URL
    // read once: the response cache and the result sets key on it, so no answer outlives a change
    const mark = await store.latestStamp()
    const cacheKey = cacheable ? `${url}\u0000${String(request.headers.accept ?? '')}\u0000${mark}` : ''
    if (cacheable) {
      const hit = responses.get(cacheKey, Date.now())
      if (hit !== undefined) { void reply.header('content-type', hit.type).header('access-control-allow-origin', '*').send(hit.body); return }
    }
    const path = decodeURIComponent(url.split('?')[0]).replace(/\/+$/, '')
    const dbName = path.replace(/^\/+/, '')
    const params = paramsOf(request)
    const accept = request.headers.accept
    let req: SruRequest
    if (typeof params === 'string') {
      req = parseRequest(new Map(), limits, { accept, baseUrl: settings.baseUrl })
      req = { ...req, fatal: { name: 'unsupportedParameterValue', details: 'Content-Type', message: params } }
    } else {
      req = parseRequest(params, limits, { accept, baseUrl: settings.baseUrl })
    }
    let library: Isil | undefined
    const seg = path.split('/').slice(2)
    if (seg.length > 0) {
      const name = seg.join('/')
      if (seg.length === 1 && name.toLowerCase() === 'default') library = undefined
      else if (seg.length === 1 && isIsil(name) && await knownLibrary(name).catch(() => false)) library = name
      else req = { ...req, fatal: { name: 'databaseDoesNotExist', details: name } }
    }
    const ctx: SruContext = { store, caches, window: limits.maxRecords, now: Date.now, mark, ...(library !== undefined ? { library } : {}) }
    let out: SruOut
    try {
      switch (req.operation) {
        case 'searchRetrieve': out = await searchRetrieve(req, ctx); break
        case 'scan': out = await scan(req, ctx); break
        // with an ephemeral port configured (0), the one this request came in on
        case 'explain': out = explain(req, { host, port: port !== 0 ? port : (request.raw.socket?.localPort ?? port), database: dbName, title: settings.repositoryName, description: 'Library catalogue records served by libgate', contact: settings.adminEmail, limits }); break
      }
    } catch (e) {
      // Never a stack trace in a response (research §1.11): diagnostic 1 in the negotiated version.
      log.error({ err: e }, 'sru request failed')
      const version = negotiateVersion(undefined).version
      out = { kind: 'explain', version: req.version ?? version, xmlEscaping: 'xml', explain: '', diagnostics: [{ name: 'permanentSystemError' }] }
      if (req.operation === 'searchRetrieve') out = { kind: 'searchRetrieve', version: req.version, numberOfRecords: 0, records: [], xmlEscaping: 'xml', diagnostics: [{ name: 'permanentSystemError' }] }
      if (req.operation === 'scan') out = { kind: 'scan', version: req.version, terms: [], diagnostics: [{ name: 'permanentSystemError' }] }
    }
    const json = req.json
    const soap = isSoap(request)
    // SRW answers in the same SOAP 1.1 envelope and text/xml (YAZ does the same).
    const body = soap ? soapEnvelope(toXml(out)) : json ? toJson(out) : toXml(out, req.stylesheet)
    const type = soap ? 'text/xml; charset=utf-8' : json ? 'application/json; charset=utf-8' : req.sruXml ? 'application/sru+xml; charset=utf-8' : 'text/xml; charset=utf-8'
    if (cacheable && out.diagnostics.length === 0 && out.kind === 'searchRetrieve') responses.set(cacheKey, { body, type }, body.length, Date.now() + Math.min(RESPONSE_TTL_MS, (req.operation === 'searchRetrieve' ? req.resultSetTtl : 0) * 1000))
    void reply.header('content-type', type).header('access-control-allow-origin', '*').send(body)
  }

  // Routes in an encapsulated child: the text/xml body parser (SRW) stays out of other plugins' way.
  await app.register(async (child) => {
    child.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string', bodyLimit: 1 << 20 }, (_req, body, done) => { done(null, body) })
    child.get('/sru', handle)
    child.post('/sru', handle)
    child.get('/sru/*', handle)
    child.post('/sru/*', handle)
  })
}

export default fp(sru, { name: 'libgate-sru', fastify: '5.x' })
