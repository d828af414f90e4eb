/**
 * SIP2 dates: `YYYYMMDDZZZZHHMMSS` (18 characters). ZZZZ is four blanks for the ACS's local time
 * (preferred by the spec), `   Z` for UTC; other zone letters are read as local time.
 */
const DATE_RE = /^(\d{4})(\d{2})(\d{2})(.{4})(\d{2})(\d{2})(\d{2})$/

function pad (n: number, w = 2): string {
  return String(n).padStart(w, '0')
}

/** The 18-character SIP2 date of `d` in the process's local time zone. */
export function formatSipDate (d: Date): string {
  return `${pad(d.getFullYear(), 4)}${pad(d.getMonth() + 1)}${pad(d.getDate())}    ${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`
}

/** A SIP2 date, or undefined when blank or malformed (liberal on input: research/sip2.md §1.2). */
export function parseSipDate (s: string | undefined): Date | undefined {
  if (s === undefined || s.trim() === '') return undefined
  const m = DATE_RE.exec(s)
  if (m === null) return undefined
  const [, y, mo, d, zone, h, mi, se] = m
  const [yy, mm, dd, hh, mn, ss] = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se)]
  const utc = zone.trim() === 'Z'
  const date = utc ? new Date(Date.UTC(yy, mm, dd, hh, mn, ss)) : new Date(yy, mm, dd, hh, mn, ss)
  // Rejects 20240231 and 25:00:00, which Date would silently roll over.
  const back = utc ? [date.getUTCMonth(), date.getUTCDate(), date.getUTCHours()] : [date.getMonth(), date.getDate(), date.getHours()]
  if (back[0] !== mm || back[1] !== dd || back[2] !== hh || mn > 59 || ss > 59) return undefined
  return date
}

/** Blank date (18 spaces): "no date" in an optional fixed date field. */
export const BLANK_DATE = ' '.repeat(18)
