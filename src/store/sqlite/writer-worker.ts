import { parentPort, workerData } from 'node:worker_threads'
import { BatchWriter, type WriteRow } from './batch-writer.js'
import { openSqlite } from './open.js'
import type { WriterInit, WriterReply, WriterRequest } from './writer-thread.js'

/**
 * The writer thread's entry (see writer-thread.ts): its own connection to the store's file, one
 * transaction per batch, replies in request order. After a batch fails, batches sent before the
 * caller heard of the failure (same epoch) are refused, not written: a pipelined importer stops at
 * its first failed batch as it would without the thread.
 */
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

port.on('message', (m: WriterRequest) => {
  if (m.type === 'close') {
    db.close()
    port.close()
    return
  }
  let reply: WriterReply
  if (m.epoch <= failedEpoch) {
    reply = { seq: m.seq, error: { code: 'LG_ERR_STORE_ABORTED', message: 'not written: an earlier batch failed', name: 'LibgateError' } }
  } else {
    try {
      reply = { seq: m.seq, outcomes: writer.upsert(m.rows as WriteRow[]) }
    } catch (e) {
      failedEpoch = m.epoch
      const err = e as Error & { code?: unknown }
      reply = { seq: m.seq, error: { code: typeof err.code === 'string' ? err.code : 'LG_ERR_STORE_WRITE', message: err.message, name: err.name } }
    }
  }
  port.postMessage(reply)
})
