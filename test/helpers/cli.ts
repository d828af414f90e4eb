// Runs the libgate CLI from source (through tap's TypeScript loader), as an operator would run it,
// so integration tests never depend on a stale dist/ build.
import { spawn, spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

export const ROOT = resolve(import.meta.dirname, '../..')
export const SHARED = resolve(ROOT, '../shared')
const MAIN = resolve(ROOT, 'src/cli/main.ts')
const TS_LOADER = pathToFileURL(resolve(ROOT, 'node_modules/@tapjs/typescript/dist/esm/import.mjs')).href

export interface CliResult { status: number | null, stdout: string, stderr: string }

export function cliArgs (args: readonly string[]): string[] {
  return [`--import=${TS_LOADER}`, MAIN, ...args]
}

/** Runs `libgate ARGS…` to completion. */
export function runCli (args: readonly string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, cliArgs(args), { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Starts `libgate ARGS…` in the background (for serve, or to kill an import mid-way). */
export function spawnCli (args: readonly string[], env: Record<string, string> = {}): ReturnType<typeof spawn> {
  return spawn(process.execPath, cliArgs(args), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
}
