/**
 * UTC datestamps (OAI-PMH 2.0 §3.3.1). libgate stores change stamps in microseconds and serves them
 * at seconds granularity, so every conversion between the two lives here.
 */

export type Granularity = 'day' | 'seconds'

export interface Datestamp {
  readonly granularity: Granularity
  /** Epoch seconds of the first second the value denotes. */
  readonly seconds: number
  /** The value exactly as the harvester sent it (echoed in the request element). */
  readonly text: string
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const SECONDS_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/
const US = 1_000_000

/**
 * Parses `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ` strictly: no offsets, no fractions, no 24:00,
 * only real calendar dates (C-27). Undefined means illegal syntax (→ badArgument).
 */
export function parseDatestamp (text: string): Datestamp | undefined {
  let m = DAY_RE.exec(text)
  let granularity: Granularity = 'day'
  if (m === null) {
    m = SECONDS_RE.exec(text)
    granularity = 'seconds'
  }
  if (m === null) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const [h, mi, s] = granularity === 'seconds' ? [Number(m[4]), Number(m[5]), Number(m[6])] : [0, 0, 0]
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  date.setUTCHours(h, mi, s, 0)
  // Date.UTC rolls 2021-02-30 over into March; a real date survives the round trip.
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined
  return { granularity, seconds: Math.floor(date.getTime() / 1000), text }
}

/** Inclusive lower bound in store microseconds: `from=D` means D T00:00:00Z (C-22, C-23). */
export function fromStamp (d: Datestamp): number {
  return d.seconds * US
}

/** Inclusive upper bound in store microseconds: `until=D` means D T23:59:59Z, `until=T` the whole second T. */
export function untilStamp (d: Datestamp): number {
  const lastSecond = d.granularity === 'day' ? d.seconds + 86399 : d.seconds
  return lastSecond * US + (US - 1)
}

/** Store stamp (µs) → the second it falls in. */
export function stampSecond (stamp: number): number {
  return Math.floor(stamp / US)
}

export function secondStart (second: number): number {
  return second * US
}

/** Epoch seconds → `YYYY-MM-DDThh:mm:ssZ`, the repository's declared granularity (C-15, C-21). */
export function formatSeconds (second: number): string {
  return new Date(second * 1000).toISOString().slice(0, 19) + 'Z'
}

/** Store stamp (µs) → header datestamp at seconds granularity. */
let lastSecond = -1
let lastText = ''
export function formatStamp (stamp: number): string {
  const second = stampSecond(stamp)
  // consecutive records of a list mostly share their second (an import commits thousands per second)
  if (second !== lastSecond) { lastText = formatSeconds(second); lastSecond = second }
  return lastText
}
