// A tiny SIP2 test client (SC side): writes a line, reads one CR-terminated answer.
import { connect, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'

export interface Sip2TestClient {
  readonly socket: Socket
  /** Sends raw text (CR appended unless `raw`), resolves with the next answer (without CR). */
  send (line: string | Buffer, raw?: boolean): Promise<string>
  /** Resolves with the next answer. */
  next (): Promise<string>
  /** Resolves when the server closes the connection. */
  closed (): Promise<void>
  close (): void
}

export async function sip2Client (port: number, opts: { tls?: boolean } = {}): Promise<Sip2TestClient> {
  const socket: Socket = opts.tls === true
    ? tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false })
    : connect({ host: '127.0.0.1', port })
  await new Promise<void>((resolve, reject) => { socket.once(opts.tls === true ? 'secureConnect' : 'connect', resolve); socket.once('error', reject) })
  socket.on('error', () => {})
  let buf = ''
  const answers: string[] = []
  const waiting: Array<(s: string) => void> = []
  let ended = false
  const endWaiters: Array<() => void> = []
  socket.setEncoding('utf8')
  socket.on('data', (d: string) => {
    buf += d
    let i
    while ((i = buf.indexOf('\r')) >= 0) {
      const line = buf.slice(0, i)
      buf = buf.slice(i + 1).replace(/^\n/, '')
      const w = waiting.shift()
      if (w !== undefined) w(line); else answers.push(line)
    }
  })
  socket.on('close', () => { ended = true; for (const w of endWaiters.splice(0)) w(); for (const w of waiting.splice(0)) w('(closed)') })
  const next = (): Promise<string> => {
    const a = answers.shift()
    if (a !== undefined) return Promise.resolve(a)
    if (ended) return Promise.resolve('(closed)')
    return new Promise((resolve) => waiting.push(resolve))
  }
  return {
    socket,
    send (line, raw = false) {
      socket.write(Buffer.isBuffer(line) ? line : raw ? line : `${line}\r`)
      return next()
    },
    next,
    closed: () => ended ? Promise.resolve() : new Promise((resolve) => endWaiters.push(resolve)),
    close: () => socket.destroy(),
  }
}
