// The serve sweep that ends embargoes: once at start, then on an unref'd interval timer, never two at
// once, errors logged and retried, and stop() clearing that very timer and waiting for a sweep.
import t from 'tap'
import { RELEASE_INTERVAL_MS, startReleaseSweep, type SweepTimers } from '../../../src/store/release-sweep.js'
import { logSink } from '../../helpers/log-sink.js'

interface Handle { ms: number, unrefd: boolean, cleared: boolean, fn: () => void, unref (): Handle }

function fakeTimers (): SweepTimers & { fire: () => void, handles: Handle[] } {
  const handles: Handle[] = []
  return {
    handles,
    setInterval (fn, ms) {
      const h: Handle = { ms, unrefd: false, cleared: false, fn, unref () { h.unrefd = true; return h } }
      handles.push(h)
      return h
    },
    clearInterval (h) { (h as Handle).cleared = true },
    fire () { for (const h of handles) if (!h.cleared) h.fn() },
  }
}

const tick = (): Promise<void> => new Promise(resolve => setImmediate(resolve))

t.test('sweeps at start and on every tick of one unref\'d timer, cleared by stop', async t => {
  const timers = fakeTimers()
  const calls: number[] = []
  const store = { releaseWithheld: async (now: number) => { calls.push(now); return calls.length === 2 ? 3 : 0 } }
  const logs = logSink('info')
  const sweep = startReleaseSweep(store, logs.log, { timers, now: () => 42 })
  t.same(calls, [42], 'once at start')
  t.equal(timers.handles.length, 1)
  t.same(timers.handles.map(h => [h.ms, h.unrefd, h.cleared]), [[RELEASE_INTERVAL_MS, true, false]], 'every minute, unref\'d')
  t.equal(sweep.active, true)
  await tick()
  timers.fire()
  await tick()
  t.same(calls, [42, 42])
  t.match(logs.text(), /"released":3/, 'a release is logged')
  await sweep.stop()
  t.equal(timers.handles[0].cleared, true, 'the timer is cleared')
  t.equal(sweep.active, false)
  timers.fire()
  t.equal(calls.length, 2, 'no sweep after stop')
})

t.test('never two sweeps at once; stop waits for the one in progress; a failure is logged', async t => {
  const timers = fakeTimers()
  let release: (n: number) => void = () => {}
  let calls = 0
  let fail = false
  const store = {
    releaseWithheld: (): Promise<number> => {
      calls++
      if (fail) return Promise.reject(new Error('database is locked'))
      return new Promise<number>(resolve => { release = resolve })
    },
  }
  const logs = logSink('info')
  const sweep = startReleaseSweep(store, logs.log, { timers })
  timers.fire()
  t.equal(calls, 1, 'a tick during a sweep is skipped')
  release(0)
  await tick()
  fail = true
  timers.fire()
  await tick()
  t.equal(calls, 2)
  t.match(logs.text(), /releasing embargoed records failed/)
  fail = false
  timers.fire()
  let stopped = false
  const stopping = sweep.stop().then(() => { stopped = true })
  await tick()
  t.equal(stopped, false, 'stop waits for the sweep in progress')
  release(0)
  await stopping
  t.equal(stopped, true)
})
