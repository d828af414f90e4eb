import type { Logger } from '../../src/log.js'
import type { StoredRecord } from '../../src/model/record.js'
import type { RecordStore } from '../../src/store/port.js'
import { stampSecond } from './datestamps.js'
import type { OaiError } from './errors.js'
import type { MetadataFormat } from './formats.js'
import type { XmlPiece } from './xml-writer.js'

/** Everything a verb needs: ports, configuration and an injectable clock (tests expire tokens with it). */
export interface OaiContext {
  readonly store: RecordStore
  readonly baseURL: string
  readonly repositoryId: string
  readonly repositoryName: string
  readonly adminEmail: string
  readonly pageSize: number
  /** Seconds a resumption token stays valid. */
  readonly tokenTtl: number
  readonly secret: string
  readonly formats: readonly MetadataFormat[]
  /** setSpec → names in Vietnamese and English (mappings/record-sets.ts). */
  readonly setName: (spec: string) => { readonly vi: string, readonly en: string }
  readonly log: Logger
  readonly cache: RenderCache
  /** Epoch milliseconds. */
  readonly now: () => number
}

/** What a verb hands back to the envelope writer. */
export interface VerbOutput {
  /** responseDate, epoch seconds (see snapshotSecond). */
  readonly responseSecond: number
  readonly errors?: readonly OaiError[]
  /** The verb element, as chunks (lists stream from the store). */
  readonly body?: Iterable<XmlPiece> | AsyncIterable<XmlPiece>
}

/**
 * The snapshot second for responseDate and for capping lists. Harvesters take the last responseDate
 * as the next `from` (inclusive, seconds; VuFind: research §5.1). stableStamp() is the bound below
 * which every change is committed; the second it falls in may still receive commits (from this or
 * another process). So a list covers only stamps before the start of that second and responseDate
 * names that second: everything before it has been offered, everything in it or later has a stamp
 * ≥ responseDate and is picked up by `from=responseDate`. Nothing is lost; the boundary second is at
 * worst served again by the next harvest, which is idempotent by identifier.
 */
export async function snapshotSecond (ctx: OaiContext): Promise<number> {
  return stampSecond(await ctx.store.stableStamp())
}

export function formatByPrefix (ctx: OaiContext, prefix: string): MetadataFormat | undefined {
  return ctx.formats.find(f => f.prefix === prefix)
}

/** setSpecs that fit the schema's pattern (C-61); anything else would make the response invalid. */
const SETSPEC_RE = /^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$/
const specOk = new Map<string, boolean>()
export function validSetSpecs (sets: readonly string[]): readonly string[] {
  let all = true
  for (const s of sets) {
    let ok = specOk.get(s)
    if (ok === undefined) {
      ok = SETSPEC_RE.test(s)
      if (specOk.size < 10_000) specOk.set(s, ok)
    }
    if (!ok) all = false
  }
  return all ? sets : sets.filter(s => SETSPEC_RE.test(s))
}

/**
 * Rendered metadata by (format, record stamp): a stamp names one version of one record, so entries
 * never go stale. Bounded by the size held (characters of text, bytes of UTF-8); oldest out first. Helps concurrent harvesters walking
 * the same pages and repeated GetRecords.
 *
 * A rendering is kept only when the same (format, stamp) was asked for recently before (a
 * doorkeeper of recent keys): every kept string survives young-generation collections and is copied
 * into the old generation, which doubled the server's CPU per record of a lone full harvest
 * (measured: 66 → 36 µs/record for marc21), where nothing is ever asked for twice. Eviction order is
 * kept in rings rather than by iterating the Maps from their start: deleted Map entries stay as holes
 * until a rehash, and walking them on every insert was a tenth of a full harvest's time.
 */
export class RenderCache {
  private readonly maps = new Map<string, Map<number, XmlPiece>>()
  private readonly kept = new Ring<{ readonly map: Map<number, XmlPiece>, readonly stamp: number, readonly chars: number }>()
  private chars = 0
  private readonly seen = new Map<string, Set<number>>()
  private readonly seenOrder = new Ring<{ readonly set: Set<number>, readonly stamp: number }>()
  private readonly seenMax: number

  /** `maxChars`: characters of rendered metadata held; `seenKeys`: recent keys remembered (default maxChars / 256). */
  constructor (private readonly maxChars: number, seenKeys?: number) {
    this.seenMax = seenKeys ?? Math.max(1024, Math.floor(maxChars / 256))
  }

  get (prefix: string, r: StoredRecord, render: () => XmlPiece): XmlPiece {
    if (this.maxChars <= 0) return render()
    let map = this.maps.get(prefix)
    if (map === undefined) {
      map = new Map()
      this.maps.set(prefix, map)
      this.seen.set(prefix, new Set())
    }
    const hit = map.get(r.stamp)
    if (hit !== undefined) return hit
    const xml = render()
    const seen = this.seen.get(prefix)!
    if (!seen.has(r.stamp)) {
      seen.add(r.stamp)
      this.seenOrder.push({ set: seen, stamp: r.stamp })
      while (this.seenOrder.length > this.seenMax) {
        const old = this.seenOrder.shift()
        old.set.delete(old.stamp)
      }
      return xml
    }
    if (xml.length > this.maxChars / 16) return xml
    map.set(r.stamp, xml)
    this.kept.push({ map, stamp: r.stamp, chars: xml.length })
    this.chars += xml.length
    while (this.chars > this.maxChars) {
      const old = this.kept.shift()
      old.map.delete(old.stamp)
      this.chars -= old.chars
    }
    return xml
  }
}

/** A FIFO queue over an array with a moving head, compacted in one copy now and then. */
class Ring<T> {
  private items: T[] = []
  private head = 0
  get length (): number { return this.items.length - this.head }
  push (x: T): void { this.items.push(x) }
  shift (): T {
    const x = this.items[this.head++]
    if (this.head > 4096 && this.head * 2 > this.items.length) { this.items = this.items.slice(this.head); this.head = 0 }
    return x
  }
}
