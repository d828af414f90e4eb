#!/usr/bin/env node
// Regenerates the validating SRU 1.x schemas (srw-types.xsd, diagnostics.xsd, xcql.xsd,
// diagnostic.xsd in this folder) from the unchanged mirror copies in mirror/.
//
// Why: the only stored copy of LoC's SRU 1.1/1.2 schemas is the lcnetdev.github.io mirror, which
// rewrote every `http://www.loc.gov/` to `http://lcnetdev.github.io/`. In these four files that
// rewrite hit only namespace URIs (targetNamespace, xmlns, xsd:import/@namespace), all under
// `http://lcnetdev.github.io/zing/`; the schemaLocations are relative and were not touched. The
// namespaces SRU 1.1/1.2 specify are `http://www.loc.gov/zing/srw/`, `…/zing/srw/diagnostic/` and
// `…/zing/cql/xcql/`, so this script undoes exactly that one string substitution, byte for byte
// otherwise (CRLF line ends kept), and refuses to write if anything else mentions the mirror host.
//
//   node conformance/schemas/sru/sru-1-x/restore.mjs          writes the files
//   node conformance/schemas/sru/sru-1-x/restore.mjs --check  exits 1 if a committed file differs
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
export const FILES = ['srw-types.xsd', 'diagnostics.xsd', 'xcql.xsd', 'diagnostic.xsd']
const MIRROR = 'http://lcnetdev.github.io/zing/'
const LOC = 'http://www.loc.gov/zing/'

/** The restored bytes of one mirror file (throws when the mirror changed more than the host). */
export function restore (name) {
  const mirror = readFileSync(join(HERE, 'mirror', name), 'latin1')
  const restored = mirror.split(MIRROR).join(LOC)
  if (restored.includes('lcnetdev')) throw new Error(`${name}: a mirror-host string outside ${MIRROR}`)
  if (restored === mirror) throw new Error(`${name}: nothing to restore; is this the mirror copy?`)
  return Buffer.from(restored, 'latin1')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check')
  let bad = 0
  for (const name of FILES) {
    const want = restore(name)
    const file = join(HERE, name)
    if (check) {
      let have
      try { have = readFileSync(file) } catch { have = Buffer.alloc(0) }
      if (!have.equals(want)) { bad++; console.error(`${name}: differs from the restored mirror copy`) }
    } else {
      writeFileSync(file, want)
    }
  }
  process.exit(bad === 0 ? 0 : 1)
}
