import type { Db } from '../../store/sqlite/open.js'

interface Pending {
  readonly fn: () => unknown
  readonly resolve: (v: unknown) => void
  readonly reject: (e: unknown) => void
}

/**
 * Group commit: every write queued during one event-loop turn runs in one SQLite transaction, each
 * in its own savepoint (so one failing operation rolls back alone), and all are answered after the
 * single COMMIT. With `synchronous = FULL` each commit is an fsync (measured here: 0.25 ms); sharing
 * it keeps every answered transaction durable without paying one fsync per kiosk request.
 */
export class GroupCommit {
  private queue: Pending[] = []
  private scheduled = false
  private idle: Array<() => void> = []

  constructor (private readonly db: Db, private readonly maxBatch = 256) {}

  run<T> (fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject })
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => this.flush())
      }
    })
  }

  /** Resolves once nothing is queued (used by close). */
  drained (): Promise<void> {
    if (this.queue.length === 0 && !this.scheduled) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  private flush (): void {
    const batch = this.queue.splice(0, this.maxBatch)
    const results: Array<{ ok: boolean, v: unknown }> = []
    try {
      this.db.exec('BEGIN IMMEDIATE')
      for (const p of batch) {
        this.db.exec('SAVEPOINT op')
        try {
          results.push({ ok: true, v: p.fn() })
          this.db.exec('RELEASE op')
        } catch (e) {
          this.db.exec('ROLLBACK TO op')
          this.db.exec('RELEASE op')
          results.push({ ok: false, v: e })
        }
      }
      this.db.exec('COMMIT')
      batch.forEach((p, i) => { const r = results[i]; if (r.ok) p.resolve(r.v); else p.reject(r.v) })
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK')
      for (const p of batch) p.reject(e)
    }
    if (this.queue.length > 0) {
      setImmediate(() => this.flush())
    } else {
      this.scheduled = false
      for (const r of this.idle.splice(0)) r()
    }
  }
}
