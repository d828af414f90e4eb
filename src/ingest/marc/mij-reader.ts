/**
 * Streaming MARC-in-JSON reader: NDJSON (one record per line), a JSON array of records, or a single
 * record object, told apart by the first character. Top-level values are cut out by a small
 * bracket/string scanner (no whole-file JSON.parse), so memory stays flat and one bad value is one
 * rejection. A raw newline inside a string is never JSON, and once the first value of a sequence
 * has fit on one line the input is NDJSON, where a newline inside a value ends that (broken) value:
 * a truncated line cannot swallow the lines after it.
 */
import { finishRecord } from './finish.js'
import { fromMij } from './mij.js'
import { DEFAULT_MAX_RECORD_BYTES, type MarcReadResult, type ReadOptions } from './types.js'

const MAX_DEPTH = 32

/** Reads MiJ records from UTF-8 bytes. Bad values are rejected, never thrown. */
export async function * readMij (input: AsyncIterable<Uint8Array>, opts: ReadOptions = {}): AsyncGenerator<MarcReadResult> {
  const max = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES
  const decoder = new TextDecoder('utf-8')
  let level = -1 // depth at which records live: 0 for a sequence, 1 inside a top-level array
  let depth = 0
  let inString = false
  let escaped = false
  let inValue = false
  let scalar = false
  let parts: string[] = []
  let size = 0
  let oversize = false
  let tooDeep = false
  let line = 1
  let startLine = 1
  let afterNewline = false
  let position = 0
  let first = true
  let ndjson = false

  function finish (broken?: string): MarcReadResult {
    const text = parts.join('')
    parts = []
    const at = { position: ++position, offset: startLine }
    const wasOversize = oversize
    const wasDeep = tooDeep
    inValue = false
    scalar = false
    size = 0
    oversize = false
    tooDeep = false
    if (broken !== undefined) return { ...at, record: null, error: broken, repairs: [] }
    if (wasOversize) return { ...at, record: null, error: `record longer than the ${max}-character limit`, repairs: [] }
    if (wasDeep) return { ...at, record: null, error: `JSON nested deeper than ${MAX_DEPTH} levels`, repairs: [] }
    let obj: unknown
    try { obj = JSON.parse(text) } catch (e) { return { ...at, record: null, error: `bad JSON: ${(e as Error).message}`, repairs: [] } }
    if (at.position === 1 && level === 0 && startLine === line && typeof obj === 'object') ndjson = true
    try {
      const r = fromMij(obj)
      const repairs: string[] = []
      return { ...at, record: finishRecord(r.leader, r.fields, repairs), repairs, encoding: 'utf8' }
    } catch (e) {
      return { ...at, record: null, error: (e as Error).message, repairs: [] }
    }
  }

  function * scan (text: string): Generator<MarcReadResult> {
    let from = 0 // start of the current value's slice in `text`
    const keep = (to: number): void => {
      if (!inValue || oversize || to <= from) return
      size += to - from
      if (size > max) { oversize = true; parts = [] } else parts.push(text.slice(from, to))
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === 0x0a) line++
      if (first) {
        if (c === 0xfeff || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue
        first = false
        level = c === 0x5b ? 1 : 0 // '['
        if (level === 1) { depth = 1; continue }
      }
      if (c === 0x0a && inValue && (inString || (ndjson && depth > level))) {
        keep(i)
        yield finish(`JSON value on line ${startLine} is not closed at the end of its line`)
        inString = false; escaped = false; depth = level; from = i
        continue
      }
      if (inString) {
        if (escaped) escaped = false
        else if (c === 0x5c) escaped = true
        else if (c === 0x22) {
          inString = false
          if (inValue && depth === level) { keep(i + 1); yield finish(); from = i + 1 }
        }
        continue
      }
      if (!inValue) {
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2c) continue
        if (level === 1 && depth === 1 && c === 0x5d) { depth = 0; level = 0; continue } // end of the array
        inValue = true
        startLine = line
        from = i
        afterNewline = false
        if (c === 0x7b || c === 0x5b) depth++
        else if (c === 0x22) inString = true
        else scalar = true
        continue
      }
      if (scalar) {
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2c || c === 0x5d || c === 0x7d) {
          keep(i); yield finish(); from = i
          if (c === 0x5d && level === 1) { depth = 0; level = 0 }
        }
        continue
      }
      if (c === 0x0a) { afterNewline = true; continue }
      if (afterNewline && c === 0x7b && level === 0 && depth > 0) {
        keep(i)
        yield finish(`JSON value starting on line ${startLine} is not closed before line ${line}`)
        inValue = true; startLine = line; from = i; depth = 1; afterNewline = false
        continue
      }
      if (c !== 0x0d) afterNewline = false
      if (c === 0x22) inString = true
      else if (c === 0x7b || c === 0x5b) { depth++; if (depth > MAX_DEPTH + level) tooDeep = true }
      else if (c === 0x7d || c === 0x5d) {
        depth--
        if (depth === level) { keep(i + 1); yield finish(); from = i + 1 }
      }
    }
    keep(text.length)
  }

  for await (const chunk of input) yield * scan(decoder.decode(chunk, { stream: true }))
  yield * scan(decoder.decode())
  if (inValue) yield finish(scalar ? undefined : `JSON value starting on line ${startLine} is not closed at end of input`)
}
