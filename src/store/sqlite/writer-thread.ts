import { Worker } from 'node:worker_threads'
import { LibgateError } from '../../errors.js'
import type { UpsertOutcome } from '../port.js'
import { nowUs, type WriteRow } from './batch-writer.js'

/** What the writer thread is started with. */
export interface WriterInit {
  readonly file: string
  /** nowUs() and process.hrtime.bigint() read together by the caller: the thread's clock is the caller's. */
  readonly anchorUs: number
  readonly anchorHr: bigint
}

export type WriterRequest =
  | { readonly type: 'upsert', readonly seq: number, readonly epoch: number, readonly rows: readonly WriteRow[] }
  | { readonly type: 'close' }

export type WriterReply =
  /** `group`: the seq of the first batch of the transaction this one was committed in. */
  | { readonly seq: number, readonly outcomes: UpsertOutcome[], readonly group: number }
  | { readonly seq: number, readonly error: { readonly code: string, readonly message: string, readonly name: string } }

interface Waiter {
  readonly resolve: (o: UpsertOutcome[]) => void
  readonly reject: (e: Error) => void
}

function toError (e: { code: string, message: string, name: string }): Error {
  if (e.code.startsWith('LG_ERR_')) return new LibgateError(e.code as `LG_ERR_${string}`, e.message)
  return Object.assign(new Error(e.message), { code: e.code, name: e.name })
}

/**
 * Batches of a file-backed store are written by a worker thread with its own connection, so that
 * the caller (an import parsing and indexing the next batch) and SQLite use both cores. Batches are
 * written in the order they were given, each atomically (batches queued behind each other may share
 * a transaction: see writer-worker.ts); the promise settles once the batch is committed (then visible
 * to every connection) or rolled back. The thread starts with the
 * first batch and keeps the process alive only while a batch is in flight.
 */
export class WriterThread {
  private readonly file: string
  private worker: Worker | undefined
  private readonly waiting = new Map<number, Waiter>()
  private seq = 0
  private epoch = 0
  private exited: Promise<void> | undefined
  private readonly inflight = new Set<Promise<unknown>>()
  private lastGroup = -1
  /** Transactions committed so far (a group of batches counts once). */
  commits = 0

  constructor (file: string) {
    this.file = file
  }

  private start (): Worker {
    // Under a TypeScript loader (tests) this module is .ts and so is its sibling.
    const entry = new URL(import.meta.url.endsWith('.ts') ? './writer-worker.ts' : './writer-worker.js', import.meta.url)
    const init: WriterInit = { file: this.file, anchorUs: nowUs(), anchorHr: process.hrtime.bigint() }
    const w = new Worker(entry, { workerData: init })
    w.unref()
    w.on('message', (r: WriterReply) => {
      const waiter = this.waiting.get(r.seq)
      if (waiter === undefined) return
      this.waiting.delete(r.seq)
      if (this.waiting.size === 0) w.unref()
      if ('error' in r) {
        this.epoch++ // later batches are sent knowing of this failure
        waiter.reject(toError(r.error))
      } else {
        if (r.group !== this.lastGroup) { this.lastGroup = r.group; this.commits++ }
        waiter.resolve(r.outcomes)
      }
    })
    const fail = (e: Error): void => {
      if (this.worker === w) this.worker = undefined
      for (const waiter of this.waiting.values()) waiter.reject(new LibgateError('LG_ERR_STORE_WRITE', `the database writer stopped: ${e.message}`, { cause: e }))
      this.waiting.clear()
    }
    w.on('error', fail)
    this.exited = new Promise(resolve => w.once('exit', (code) => { fail(new Error(`exit code ${code}`)); resolve() }))
    return w
  }

  /** True while batches are in flight: a write from the caller's connection now would overtake them. */
  get busy (): boolean {
    return this.waiting.size > 0
  }

  /** Write one batch (see BatchWriter.upsert) on the writer thread. */
  upsert (rows: readonly WriteRow[]): Promise<UpsertOutcome[]> {
    this.worker ??= this.start()
    const w = this.worker
    const seq = ++this.seq
    const p = new Promise<UpsertOutcome[]>((resolve, reject) => {
      if (this.waiting.size === 0) w.ref()
      this.waiting.set(seq, { resolve, reject })
      const m: WriterRequest = { type: 'upsert', seq, epoch: this.epoch, rows }
      w.postMessage(m)
    })
    const settled = p.then(() => undefined, () => undefined)
    this.inflight.add(settled)
    void settled.then(() => this.inflight.delete(settled))
    return p
  }

  /** Wait for the batches in flight, then stop the thread (its connection closes). */
  async close (): Promise<void> {
    const w = this.worker
    if (w === undefined) return
    await Promise.all([...this.inflight])
    w.ref()
    w.postMessage({ type: 'close' } satisfies WriterRequest)
    await this.exited
    this.worker = undefined
  }
}
