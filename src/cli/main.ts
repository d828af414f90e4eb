#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { SETTINGS, loadSettings, settingsHelp } from '../config/settings.js'
import { LibgateError, SettingError } from '../errors.js'
import type { Command, OptionDef } from './command.js'
import { serveCommand } from './serve.js'
import { importCommand } from './import.js'
import { circulationCommands } from './circulation.js'

const COMMANDS: readonly Command[] = [serveCommand, importCommand, ...circulationCommands]

function globalHelp (): string {
  const cmds = COMMANDS.map(c => `  ${c.usage}\n      ${c.summary}`).join('\n')
  return `libgate: a library protocol gateway (OAI-PMH, SRU, SIP2) over an embedded database\n\nUsage: libgate <command> [options]\n\nCommands:\n${cmds}\n\nSettings (every command; a flag wins over its environment variable):\n${settingsHelp()}\n\nEvery command accepts --help.\n`
}

function commandHelp (c: Command): string {
  const opts = Object.entries(c.options).map(([n, d]) => `  --${n.padEnd(22)} ${d.help}`).join('\n')
  return `Usage: ${c.usage}\n\n${c.summary}\n${opts === '' ? '' : `\nOptions:\n${opts}\n`}\nSettings:\n${settingsHelp()}\n`
}

function findCommand (argv: readonly string[]): { cmd: Command, rest: string[] } | undefined {
  let best: Command | undefined
  for (const c of COMMANDS) {
    if (c.words.every((w, i) => argv[i] === w) && (best === undefined || c.words.length > best.words.length)) best = c
  }
  return best === undefined ? undefined : { cmd: best, rest: argv.slice(best.words.length) }
}

export async function main (argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(globalHelp())
    return argv.length === 0 ? 2 : 0
  }
  if (argv[0] === '--version') { process.stdout.write('libgate 0.1.0\n'); return 0 }
  const found = findCommand(argv)
  if (found === undefined) {
    process.stderr.write(`libgate: unknown command '${argv.join(' ')}' (see libgate --help)\n`)
    return 2
  }
  const { cmd, rest } = found
  const options: Record<string, { type: 'string' | 'boolean', multiple?: boolean }> = { help: { type: 'boolean' } }
  for (const d of SETTINGS) options[d.flag.slice(2)] = { type: 'string' }
  for (const [n, d] of Object.entries(cmd.options) as Array<[string, OptionDef]>) options[n] = d.multiple === true ? { type: d.type, multiple: true } : { type: d.type }
  let parsed
  try {
    parsed = parseArgs({ args: [...rest], options, allowPositionals: true, strict: true })
  } catch (e) {
    process.stderr.write(`libgate: ${(e as Error).message.split('\n')[0]} (see libgate ${cmd.words.join(' ')} --help)\n`)
    return 2
  }
  if (parsed.values.help === true) { process.stdout.write(commandHelp(cmd)); return 0 }
  const flags: Record<string, string | undefined> = {}
  for (const d of SETTINGS) flags[d.flag] = parsed.values[d.flag.slice(2)] as string | undefined
  const own: Record<string, string | boolean | string[] | undefined> = {}
  for (const n of Object.keys(cmd.options)) own[n] = parsed.values[n] as string | boolean | string[] | undefined
  try {
    const settings = loadSettings(flags)
    return await cmd.run({ args: parsed.positionals, options: own, settings, stdout: process.stdout, stderr: process.stderr })
  } catch (e) {
    if (e instanceof SettingError) { process.stderr.write(`libgate: ${e.message}\n`); return 2 }
    if (e instanceof LibgateError) { process.stderr.write(`libgate: ${e.message}\n`); return 1 }
    const err = e as NodeJS.ErrnoException
    if (err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL') { process.stderr.write(`libgate: cannot listen: ${err.message}\n`); return 1 }
    process.stderr.write(`libgate: unexpected error: ${err.message ?? String(e)}\n`)
    if (process.env.LIBGATE_DEBUG === '1') process.stderr.write(`${err.stack ?? ''}\n`)
    return 1
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code }, (e: unknown) => {
  process.stderr.write(`libgate: ${(e as Error).message}\n`)
  process.exitCode = 1
})
