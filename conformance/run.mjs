#!/usr/bin/env node
// `npm run conformance`: every conformance/**/*.test.ts against real gateways started from the
// built CLI (dist/), driven by reference clients from Debian. Extra arguments go to tap.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

if (!existsSync('dist/src/cli/main.js')) {
  const b = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' })
  if (b.status !== 0) process.exit(1)
}
const r = spawnSync('npx', ['tap', '--jobs=1', '--timeout=600', ...process.argv.slice(2), 'conformance/'], { stdio: 'inherit' })
process.exit(r.status ?? 1)
