import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { pipeline, Readable } from 'node:stream'
import { createDeflate, createGzip } from 'node:zlib'
import { Admission, negotiateEncoding } from './admission.js'
import type { OaiContext } from './context.js'
import { handleOai } from './handler.js'

export interface OaiRoutesOptions {
  readonly ctx: OaiContext
  /** List responses streamed at once before 503 (default 32). */
  readonly maxConcurrentLists?: number
  /** Seconds advertised in Retry-After with a 503 (integer ≤ 3600, C-05). */
  readonly retryAfter?: number
}

const CONTENT_TYPE = 'text/xml; charset=UTF-8'
const LIST_VERBS = new Set(['ListRecords', 'ListIdentifiers'])

/** Decoded arguments of a GET query string and, for POST, of the form body too (C-02, C-03). */
function requestPairs (req: FastifyRequest): Array<[string, string]> {
  const url = req.raw.url ?? ''
  const q = url.indexOf('?')
  const pairs: Array<[string, string]> = q < 0 ? [] : [...new URLSearchParams(url.slice(q + 1)).entries()]
  if (req.method === 'POST' && req.body !== null && typeof req.body === 'object') {
    for (const [k, v] of Object.entries(req.body as Record<string, unknown>)) {
      for (const x of Array.isArray(v) ? v : [v]) pairs.push([k, String(x)])
    }
  }
  return pairs
}

/** Routes `/oai` (and `/oai/`, C-75) on GET and POST: admission, the handler, compression, streaming. */
export function registerOaiRoutes (app: FastifyInstance, opts: OaiRoutesOptions): Admission {
  const { ctx } = opts
  const admission = new Admission(opts.maxConcurrentLists ?? 32)
  const retryAfter = String(opts.retryAfter ?? 10)

  async function handler (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const pairs = requestPairs(req)
    const isList = pairs.some(([k, v]) => k === 'verb' && LIST_VERBS.has(v))
    const release = isList ? admission.tryEnter() : () => {}
    if (release === undefined) {
      return reply.code(503).header('Retry-After', retryAfter).type('text/plain; charset=UTF-8')
        .send(`The repository is serving as many lists as it can; retry after ${retryAfter} seconds.\n`)
    }
    let source: Readable
    try {
      const res = await handleOai(ctx, pairs)
      source = Readable.from(res.chunks, { objectMode: false })
    } catch (e) {
      release()
      ctx.log.error({ err: e }, 'OAI-PMH request failed')
      return reply.code(500).type('text/plain; charset=UTF-8').send('Internal error: the repository could not answer this request. It has been logged.\n')
    }
    source.once('end', release)
    source.once('close', release)
    source.once('error', (e) => { ctx.log.error({ err: e }, 'OAI-PMH response failed while streaming') })
    reply.type(CONTENT_TYPE).header('Vary', 'Accept-Encoding')
    const enc = negotiateEncoding(req.headers['accept-encoding'])
    if (enc === undefined) return reply.send(source)
    const z = enc === 'gzip' ? createGzip({ level: 1 }) : createDeflate({ level: 1 })
    reply.header('Content-Encoding', enc)
    return reply.send(pipeline(source, z, () => {}))
  }

  for (const url of ['/oai', '/oai/']) {
    app.get(url, handler)
    app.post(url, handler)
  }
  return admission
}
