/**
 * One error base for libgate. Match on `code`, never on the class or message (as undici advises).
 * Protocol edges map codes to their own diagnostics through mappings/diagnostics.ts.
 */
export type LibgateErrorCode = `LG_ERR_${string}`

export class LibgateError extends Error {
  readonly code: LibgateErrorCode
  constructor (code: LibgateErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'LibgateError'
    this.code = code
  }
}

/** Malformed bytes or syntax from a peer or a file. Codecs throw only this. */
export class ProtocolError extends LibgateError {
  constructor (code: LibgateErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options)
    this.name = 'ProtocolError'
  }
}

/** A bad setting: the CLI prints `libgate: <message>` and exits 2, never a stack. */
export class SettingError extends LibgateError {
  constructor (readonly setting: string, message: string) {
    super('LG_ERR_SETTING', message)
    this.name = 'SettingError'
  }
}

/** Exhaustiveness guard for discriminated unions. */
export function assertNever (x: never): never {
  throw new LibgateError('LG_ERR_UNREACHABLE', `unreachable: ${JSON.stringify(x)}`)
}
