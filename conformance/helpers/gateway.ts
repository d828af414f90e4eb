// Starts a real libgate (the built CLI, as an operator would) on a temporary database, with the
// given files imported first, on free ports; resolves once every listener has logged its address.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'

export const ROOT = resolve(import.meta.dirname, '../..')
export const SHARED = resolve(ROOT, '../shared')
export const CLI = join(ROOT, 'dist/src/cli/main.js')

export interface Gateway {
  readonly dir: string
  readonly db: string
  readonly httpUrl: string
  readonly z3950Port: number
  readonly sip2Port: number
  readonly proc: ChildProcess
  /** Runs a libgate CLI command against this gateway's database; returns its output and status. */
  cli (args: string[]): { status: number | null, stdout: string, stderr: string }
  stop (): Promise<void>
}

export interface GatewayOptions {
  /** `[isil, file]` pairs imported before the start. */
  readonly imports?: ReadonlyArray<readonly [string, string]>
  readonly env?: Record<string, string>
  readonly args?: string[]
}

function runCli (db: string, args: string[], env: Record<string, string> = {}): { status: number | null, stdout: string, stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args, '--db', db], { encoding: 'utf8', env: { ...process.env, ...env } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

export async function startGateway (opts: GatewayOptions = {}): Promise<Gateway> {
  const dir = mkdtempSync(join(tmpdir(), 'libgate-conf-'))
  const db = join(dir, 'libgate.db')
  for (const [isil, file] of opts.imports ?? []) {
    const r = runCli(db, ['import', '--library', isil, file], opts.env)
    if (r.status !== 0) throw new Error(`import ${file} failed: ${r.stderr}`)
  }
  const proc = spawn(process.execPath, [CLI, 'serve', '--db', db, '--sample', 'false', '--http-port', '0', '--z3950-port', '0', '--sip2-port', '0', ...(opts.args ?? [])], {
    env: { ...process.env, LIBGATE_LOG_LEVEL: 'info', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'],
  })
  const ports: Record<string, number> = {}
  let stderr = ''
  proc.stderr?.on('data', (d: Buffer) => { stderr += d.toString() })
  await new Promise<void>((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`libgate did not start: ${stderr}`)), 30000)
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`libgate exited with ${String(code)}: ${stderr}`)) })
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      let msg: { msg?: string, listener?: string, port?: number }
      try { msg = JSON.parse(line) } catch { return }
      if (msg.msg === 'listening' && msg.listener !== undefined && msg.port !== undefined) ports[msg.listener] = msg.port
      if (msg.msg === 'ready') { clearTimeout(timer); resolveStart() }
    })
  })
  return {
    dir,
    db,
    httpUrl: `http://127.0.0.1:${ports.http}`,
    z3950Port: ports.z3950 ?? 0,
    sip2Port: ports.sip2 ?? 0,
    proc,
    cli: (args) => runCli(db, args, opts.env),
    async stop () {
      if (proc.exitCode === null) {
        const exited = new Promise(r => proc.once('exit', r))
        proc.kill('SIGTERM')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
