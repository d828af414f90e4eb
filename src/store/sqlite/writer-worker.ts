import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads'
import { BatchWriter, GroupLost, type WriteRow } from './batch-writer.js'
import { openSqlite } from './open.js'
import type { WriterInit, WriterReply, WriterRequest } from './writer-thread.js'

/**
 * The writer thread's entry (see writer-thread.ts): its own connection to the store's file, replies
 * in request order. After a batch fails, batches sent before the caller heard of the failure (same
 * epoch) are refused, not written: a pipelined importer stops at its first failed batch as it would
 * without the thread.
 *
 * Group commit: the batches already queued behind the one received are written in the same
 * transaction, each under its own savepoint, up to GROUP_RECORDS records; their replies go out once
 * it commits, so a reply still means "committed". A caller that keeps several batches in flight
 * (an import) gets fewer, larger transactions exactly when the writer is the slower side, and one
 * transaction per batch when it is not. Measured on 100k records: 5,000-record transactions took
 * the writer's CPU down by about a sixth and halved the bytes written, because a headings page
 * dirtied by several batches goes to the WAL (and the checkpoint) once.
 */
export const GROUP_RECORDS = 5000

const init = workerData as WriterInit
const port = parentPort
if (port === null) throw new Error('writer-worker.ts runs only as a worker thread')
// A quarter of the page cache of a serving connection: the import's peak memory stays under 300 MB
// with the caller's connection and heap beside it. Measured on 100k records: 16 MiB instead of
// 32 MiB took 15–20 MB off the peak RSS at the same writer CPU (sorted heading inserts per batch
// touch each page once, so a larger cache saves little).
const db = openSqlite(init.file, { cacheMiB: 16 })
// A batch dirties pages all over the headings B-tree; checkpointing after every batch (the default
// 1000 pages) copies them back each time. With a larger interval a page dirtied by several batches
// is copied once (measured on 100k records: less CPU and I/O per record).
db.pragma('wal_autocheckpoint = 10000')
// The caller's clock, read from the same monotonic source: stamps and intents agree with the
// stableStamp the caller's connection reports.
const clock = (): number => init.anchorUs + Math.floor(Number(process.hrtime.bigint() - init.anchorHr) / 1000)
const writer = new BatchWriter(db, clock)
let failedEpoch = -1

type Upsert = Extract<WriterRequest, { type: 'upsert' }>

function failure (seq: number, e: unknown): WriterReply {
  const err = e as Error & { code?: unknown }
  return { seq, error: { code: typeof err.code === 'string' ? err.code : 'LG_ERR_STORE_WRITE', message: err.message, name: err.name } }
}

function refused (seq: number): WriterReply {
  return { seq, error: { code: 'LG_ERR_STORE_ABORTED', message: 'not written: an earlier batch failed', name: 'LibgateError' } }
}

/**
 * Writes `first` and the upserts queued behind it in one transaction; returns the replies and the
 * first request taken from the queue that is not part of the group (a close), if any.
 */
function writeGroup (first: Upsert): { replies: WriterReply[], left: WriterRequest | undefined } {
  const replies: WriterReply[] = []
  const taken: Upsert[] = []
  let left: WriterRequest | undefined
  try {
    writer.group((write) => {
      let m: Upsert | undefined = first
      let records = 0
      while (m !== undefined) {
        taken.push(m)
        if (m.epoch <= failedEpoch) replies.push(refused(m.seq))
        else {
          try {
            replies.push({ seq: m.seq, outcomes: write(m.rows as WriteRow[]), group: first.seq })
            records += m.rows.length
          } catch (e) {
            if (e instanceof GroupLost) throw e
            failedEpoch = m.epoch
            replies.push(failure(m.seq, e))
          }
        }
        if (records >= GROUP_RECORDS) break
        const queued = receiveMessageOnPort(port!)?.message as WriterRequest | undefined
        if (queued === undefined) break
        if (queued.type !== 'upsert') { left = queued; break }
        m = queued
      }
    })
  } catch (e) {
    // Nothing of the group is written (the commit failed, or a failure rolled it all back).
    for (const t of taken) failedEpoch = Math.max(failedEpoch, t.epoch)
    return { replies: taken.map(t => failure(t.seq, e)), left }
  }
  return { replies, left }
}

function handle (m: WriterRequest): void {
  if (m.type === 'close') {
    db.close()
    port!.close()
    return
  }
  if (m.epoch <= failedEpoch) { port!.postMessage(refused(m.seq)); return }
  const { replies, left } = writeGroup(m)
  for (const r of replies) port!.postMessage(r)
  if (left !== undefined) handle(left)
}

port.on('message', handle)
