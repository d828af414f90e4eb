/**
 * Admission control for list requests (C-05): at most `limit` list responses stream at once; past
 * that the transport answers 503 with Retry-After at once instead of letting harvesters time out.
 */
export class Admission {
  private active = 0
  constructor (readonly limit: number) {}

  /** A release function (idempotent) when admitted, undefined when full. */
  tryEnter (): (() => void) | undefined {
    if (this.active >= this.limit) return undefined
    this.active++
    let released = false
    return () => {
      if (released) return
      released = true
      this.active--
    }
  }

  get inFlight (): number { return this.active }
}

/** The content coding to use (C-08): gzip or deflate only when asked for with q > 0; else identity. */
export function negotiateEncoding (header: string | undefined): 'gzip' | 'deflate' | undefined {
  if (header === undefined) return undefined
  let best: 'gzip' | 'deflate' | undefined
  let bestQ = 0
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    let q = 1
    for (const p of params) {
      const m = /^\s*q=([0-9.]+)\s*$/.exec(p)
      if (m !== null) q = Number(m[1])
    }
    if ((name === 'gzip' || name === 'x-gzip') && q > bestQ) { best = 'gzip'; bestQ = q }
    if (name === 'deflate' && q > bestQ) { best = 'deflate'; bestQ = q }
  }
  return best
}
