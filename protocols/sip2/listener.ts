import { readFileSync } from 'node:fs'
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { createServer as createTlsServer } from 'node:tls'
import type { Sip2Backend } from '../../src/circulation/port.js'
import type { Settings } from '../../src/config/settings.js'
import type { Listener } from '../../src/listener.js'
import type { Logger } from '../../src/log.js'
import { ProtocolError } from '../../src/errors.js'
import { MAX_LINE, Sip2LineSplitter } from './codec/frame.js'
import { Sip2Session } from './session.js'
import { LoginThrottle } from './throttle.js'

export interface Sip2ListenerOptions {
  readonly settings: Pick<Settings, 'host' | 'sip2Port' | 'sip2TlsCert' | 'sip2TlsKey' | 'sip2MaxConnections' | 'sip2IdleTimeout'> & { readonly sip2LoginRequired?: boolean }
  readonly circulation: Sip2Backend
  readonly log: Logger
}

/** Bound on how long close() waits for in-flight transactions before cutting connections. */
const CLOSE_GRACE_MS = 10_000

/** Messages read ahead of the one being answered before the socket stops reading. */
const MAX_QUEUED = 8

/**
 * One kiosk connection. At most one request is in flight (STYLE.md P6): messages are answered one
 * after the other, each answer written (after `drain` if needed) before the next is taken. A peer
 * that pipelines more than MAX_QUEUED messages has its socket paused until the queue is empty, so
 * a flooding peer is held back by TCP, not by our memory. (Pausing on every message would cost two
 * system calls per message for well-behaved kiosks, which never send before they are answered.)
 */
class Connection {
  private readonly splitter = new Sip2LineSplitter(MAX_LINE)
  private readonly queue: Buffer[] = []
  private busy = false
  closing = false

  constructor (readonly socket: Socket, private readonly session: Sip2Session, private readonly log: Logger) {}

  onData (chunk: Buffer): void {
    let lines: Buffer[]
    try {
      lines = this.splitter.push(chunk)
    } catch (e) {
      // An overlong line: nothing after it can be framed reliably; close this connection only.
      this.log.warn({ err: { code: (e as ProtocolError).code, message: (e as Error).message } }, 'closing connection: bad framing')
      this.socket.destroy()
      return
    }
    if (lines.length === 0) return
    this.queue.push(...lines)
    if (this.queue.length >= MAX_QUEUED && !this.socket.isPaused()) this.socket.pause()
    void this.pump()
  }

  get idle (): boolean { return !this.busy && this.queue.length === 0 }

  private async pump (): Promise<void> {
    if (this.busy) return
    this.busy = true
    try {
      while (this.queue.length > 0 && !this.socket.destroyed) {
        const line = this.queue.shift() as Buffer
        const started = process.hrtime.bigint()
        const { response, outcome } = await this.session.handleFrame(line)
        const ms = Number(process.hrtime.bigint() - started) / 1e6
        const entry = { cmd: outcome.code, type: outcome.type, institution: outcome.institution, outcome: outcome.outcome, ms: Math.round(ms * 1000) / 1000 }
        if (outcome.outcome === 'error') this.log.error({ ...entry, err: outcome.error }, 'transaction failed')
        else this.log.info(entry, 'transaction')
        if (response !== null && !this.socket.destroyed && !this.socket.write(response)) await drained(this.socket)
      }
    } catch (e) {
      this.log.error({ err: e }, 'closing connection: unexpected error')
      this.socket.destroy()
    } finally {
      this.busy = false
    }
    if (this.closing) this.socket.end()
    else if (!this.socket.destroyed && this.socket.isPaused()) this.socket.resume()
  }
}

function drained (socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => { socket.off('drain', done); socket.off('close', done); resolve() }
    socket.on('drain', done)
    socket.on('close', done)
  })
}

/**
 * The SIP2 listener: plain TCP, or TLS when a certificate and key are configured. The only module
 * of the protocol that touches sockets (STYLE.md P2).
 */
export function createSip2Listener (opts: Sip2ListenerOptions): Listener {
  const { settings, circulation, log } = opts
  const throttle = new LoginThrottle()
  const connections = new Set<Connection>()
  let nextId = 0
  let server: Server | undefined

  const onSocket = (socket: Socket): void => {
    const cid = ++nextId
    const peer = socket.remoteAddress ?? ''
    const clog = log.child({ cid, peer })
    const session = new Sip2Session(circulation, { loginRequired: settings.sip2LoginRequired ?? true, throttle, peer })
    const conn = new Connection(socket, session, clog)
    connections.add(conn)
    socket.setNoDelay(true)
    socket.setKeepAlive(true, 60_000)
    socket.setTimeout(settings.sip2IdleTimeout * 1000, () => {
      clog.info('closing idle connection')
      socket.destroy()
    })
    socket.on('data', (chunk: Buffer) => conn.onData(chunk))
    socket.on('error', (e: NodeJS.ErrnoException) => clog.debug({ code: e.code }, 'socket error'))
    socket.on('close', () => { connections.delete(conn); clog.debug('connection closed') })
    clog.debug('connection opened')
  }

  return {
    name: 'sip2',
    listen () {
      return new Promise<AddressInfo>((resolve, reject) => {
        if (settings.sip2TlsCert !== undefined && settings.sip2TlsKey !== undefined) {
          server = createTlsServer({ cert: readFileSync(settings.sip2TlsCert), key: readFileSync(settings.sip2TlsKey) })
          server.on('secureConnection', onSocket)
          server.on('tlsClientError', (e: NodeJS.ErrnoException) => log.debug({ code: e.code }, 'TLS handshake failed'))
        } else {
          server = createTcpServer(onSocket)
        }
        server.maxConnections = settings.sip2MaxConnections
        server.on('drop', () => log.warn({ max: settings.sip2MaxConnections }, 'connection refused: SIP2 connection limit reached'))
        server.once('error', reject)
        server.listen({ host: settings.host, port: settings.sip2Port }, () => {
          server?.off('error', reject)
          resolve(server?.address() as AddressInfo)
        })
      })
    },
    async close () {
      const s = server
      if (s === undefined) return
      const stopped = new Promise<void>((resolve) => s.close(() => resolve()))
      for (const c of connections) {
        c.closing = true
        if (c.idle) c.socket.end()
      }
      const grace = setTimeout(() => { for (const c of connections) c.socket.destroy() }, CLOSE_GRACE_MS)
      grace.unref()
      await stopped
      clearTimeout(grace)
    },
  }
}
