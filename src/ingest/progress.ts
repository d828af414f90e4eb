/**
 * Import progress on a terminal: one line rewritten in place (records done, records/s, rejects),
 * at most every `intervalMs`. Silent when the stream is not a TTY, so pipes and logs stay clean.
 */
export interface ProgressSink {
  update (p: { records: number, rejected: number, ratePerSec: number }): void
  /** Clears the progress line (before the summary is printed). */
  done (): void
}

export function progressSink (stream: NodeJS.WritableStream & { isTTY?: boolean }, intervalMs = 250, now: () => number = Date.now): ProgressSink {
  if (stream.isTTY !== true) return { update () {}, done () {} }
  let last = 0
  let shown = false
  return {
    update (p) {
      const t = now()
      if (t - last < intervalMs) return
      last = t
      shown = true
      stream.write(`\r\x1b[Kimporting: ${p.records.toLocaleString('en')} records, ${p.ratePerSec.toLocaleString('en')} records/s, ${p.rejected.toLocaleString('en')} rejected`)
    },
    done () {
      if (shown) stream.write('\r\x1b[K')
    },
  }
}
