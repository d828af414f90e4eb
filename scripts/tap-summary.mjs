#!/usr/bin/env node
// Counts leaf test points (assertions) in TAP 14 streams and prints the one plain closing line
// CI reads: `N passed, N failed`. A subtest's own summary point (the `ok N - name` right after its
// nested plan) is not counted again. Exits 1 when any point failed or no point ran.
import { readFileSync } from 'node:fs'

let passed = 0
let failed = 0
let skipped = 0
for (const file of process.argv.slice(2)) {
  let text
  try { text = readFileSync(file, 'utf8') } catch { console.error(`tap-summary: cannot read ${file}`); failed++; continue }
  let prevIndent = -1
  let prevWasPlan = false
  for (const line of text.split('\n')) {
    const m = /^(\s*)(not ok|ok)\b(.*)$/.exec(line)
    if (m !== null) {
      const indent = m[1].length
      const summaryOfSubtest = prevWasPlan && prevIndent > indent
      if (!summaryOfSubtest) {
        const directive = /#\s*(skip|todo)\b/i.test(m[3])
        if (directive) skipped++
        else if (m[2] === 'ok') passed++
        else failed++
      }
      prevWasPlan = false
      prevIndent = indent
      continue
    }
    const plan = /^(\s*)1\.\.\d+/.exec(line)
    if (plan !== null) { prevWasPlan = true; prevIndent = plan[1].length; continue }
    if (/^\s*#/.test(line) || line.trim() === '' || /^\s*(---|\.\.\.)/.test(line)) continue
    if (/^\s{4,}\S/.test(line) && !/^\s*(# Subtest|ok|not ok)/.test(line)) continue // YAML diagnostics
    prevWasPlan = false
  }
}
console.log(`${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : ''))
process.exit(failed > 0 || passed === 0 ? 1 : 0)
