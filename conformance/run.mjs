#!/usr/bin/env node
// `npm run conformance`: every conformance/**/*.test.ts against real gateways started from the
// built CLI (dist/), driven by reference clients from Debian. Extra arguments go to tap.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

if (!existsSync('dist/src/cli/main.js')) {
  const b = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' })
  if (b.status !== 0) process.exit(1)
}
// Only *.test.ts are suites; the helpers beside them are libraries, not tests.
const files = readdirSync('conformance', { recursive: true }).map(String).filter(f => f.endsWith('.test.ts')).map(f => join('conformance', f)).sort()
const r = spawnSync('npx', ['tap', '--jobs=1', '--timeout=600', '--disable-coverage', ...process.argv.slice(2), ...files], { stdio: 'inherit' })
process.exit(r.status ?? 1)
