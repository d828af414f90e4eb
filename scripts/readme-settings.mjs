#!/usr/bin/env node
// Rewrites the settings table in README.md (between the markers) from src/config/settings.ts (built, dist/).
// `npm run build && node scripts/readme-settings.mjs`; test/unit/config/settings.test.ts checks it is in step.
import { readFileSync, writeFileSync } from 'node:fs'
const { settingsMarkdownTable } = await import('../dist/src/config/settings.js')
const readme = readFileSync('README.md', 'utf8')
const start = '<!-- settings:start -->'
const end = '<!-- settings:end -->'
const i = readme.indexOf(start)
const j = readme.indexOf(end)
if (i < 0 || j < 0) { console.error('README.md has no settings markers'); process.exit(1) }
writeFileSync('README.md', readme.slice(0, i + start.length) + '\n' + settingsMarkdownTable() + '\n' + readme.slice(j))
console.log('README.md settings table updated')
