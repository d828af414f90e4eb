import type { Logger } from '../log.js'
import type { RecordStore } from './port.js'

/** How often `serve` releases records whose embargo has ended (research R-56: a new datestamp then). */
export const RELEASE_INTERVAL_MS = 60_000

/** The timer functions the sweep uses (Node's by default; a test passes its own). */
export interface SweepTimers {
  setInterval (fn: () => void, ms: number): { unref (): unknown }
  clearInterval (handle: { unref (): unknown }): void
}

const NODE_TIMERS: SweepTimers = {
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => { clearInterval(h as NodeJS.Timeout) },
}

export interface ReleaseSweep {
  /** True from the start until stop(). */
  readonly active: boolean
  /** Clears the timer and waits for a sweep in progress, so the store can be closed after it. */
  stop (): Promise<void>
}

export interface ReleaseSweepOptions {
  readonly intervalMs?: number
  readonly timers?: SweepTimers
  /** µs since the epoch (default: the wall clock). */
  readonly now?: () => number
}

/**
 * Calls store.releaseWithheld once now and then every `intervalMs`, on an unref'd timer, never two
 * at once. A failed sweep (the database busy beyond its timeout) is logged and retried next time.
 */
export function startReleaseSweep (store: Pick<RecordStore, 'releaseWithheld'>, log: Pick<Logger, 'info' | 'error'>, opts: ReleaseSweepOptions = {}): ReleaseSweep {
  const timers = opts.timers ?? NODE_TIMERS
  const now = opts.now ?? ((): number => Date.now() * 1000)
  let running: Promise<void> | undefined
  let active = true
  const sweep = (): void => {
    if (running !== undefined || !active) return
    running = store.releaseWithheld(now()).then(
      (n) => { if (n > 0) log.info({ released: n }, 'released records whose embargo has ended') },
      (e: unknown) => { log.error({ err: e }, 'releasing embargoed records failed; retrying at the next sweep') },
    ).finally(() => { running = undefined })
  }
  const timer = timers.setInterval(sweep, opts.intervalMs ?? RELEASE_INTERVAL_MS)
  timer.unref()
  sweep()
  return {
    get active () { return active },
    async stop () {
      if (!active) return
      active = false
      timers.clearInterval(timer)
      await running
    },
  }
}
