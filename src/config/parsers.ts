import { SettingError } from '../errors.js'

/** Parsers for settings values: each returns the typed value or throws a SettingError naming the setting. */
export type Parser<T> = (raw: string, name: string) => T

export const str: Parser<string> = (raw) => raw

export const port: Parser<number> = (raw, name) => {
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new SettingError(name, `${name}: '${raw}' is not a port (0-65535)`)
  return Number(raw)
}

export const positiveInt: Parser<number> = (raw, name) => {
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) throw new SettingError(name, `${name}: '${raw}' is not a positive whole number`)
  return Number(raw)
}

export const bool: Parser<boolean> = (raw, name) => {
  const v = raw.toLowerCase()
  if (['1', 'true', 'yes', 'on'].includes(v)) return true
  if (['0', 'false', 'no', 'off'].includes(v)) return false
  throw new SettingError(name, `${name}: '${raw}' is not true or false`)
}

export const host: Parser<string> = (raw, name) => {
  if (raw === '' || /\s/.test(raw)) throw new SettingError(name, `${name}: '${raw}' is not a host name or address`)
  return raw
}

export const url: Parser<string> = (raw, name) => {
  let u: URL
  try { u = new URL(raw) } catch { throw new SettingError(name, `${name}: '${raw}' is not a URL (e.g. https://lib.example.vn)`) }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new SettingError(name, `${name}: '${raw}' must be an http or https URL`)
  return raw.replace(/\/+$/, '')
}

export function oneOf<T extends string> (...values: T[]): Parser<T> {
  return (raw, name) => {
    if (!(values as string[]).includes(raw)) throw new SettingError(name, `${name}: '${raw}' is not one of ${values.join(', ')}`)
    return raw as T
  }
}

/** A repository identifier as OAI-PMH's oai-identifier scheme wants it: a domain-name-like string. */
export const repositoryId: Parser<string> = (raw, name) => {
  if (!/^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z][A-Za-z0-9-]*)+$/.test(raw)) {
    throw new SettingError(name, `${name}: '${raw}' is not a repository identifier (a domain name such as lib.example.vn)`)
  }
  return raw
}
