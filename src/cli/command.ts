import type { Settings } from '../config/settings.js'

export interface OptionDef {
  readonly type: 'string' | 'boolean'
  readonly multiple?: boolean
  readonly help: string
}

export interface CommandContext {
  /** Positional arguments after the command words. */
  readonly args: readonly string[]
  /** The command's own options (not settings), by name without dashes. */
  readonly options: Readonly<Record<string, string | boolean | string[] | undefined>>
  readonly settings: Settings
  readonly stdout: NodeJS.WriteStream
  readonly stderr: NodeJS.WriteStream
}

/** One CLI command. `words` are the command words: ['import'], ['patrons', 'import']. */
export interface Command {
  readonly words: readonly string[]
  readonly summary: string
  readonly usage: string
  readonly options: Readonly<Record<string, OptionDef>>
  /** Resolves to the exit status. Throws LibgateError for a one-line message (exit 2 for settings, 1 otherwise). */
  run (ctx: CommandContext): Promise<number>
}
