// XSD validation with Debian's xmllint against the pristine schemas in conformance/schemas/
// (offline: --nonet plus the XML catalog; research/oai-pmh.md §3.3).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const SCHEMAS = resolve(import.meta.dirname, '../../schemas')

export interface XsdResult { readonly ok: boolean, readonly output: string }

/** Validates one document; `ok` only when xmllint says "validates". */
export function validateXsd (xml: string | Buffer): XsdResult {
  const dir = mkdtempSync(join(tmpdir(), 'oai-xsd-'))
  try {
    const file = join(dir, 'response.xml')
    writeFileSync(file, xml)
    const r = spawnSync('xmllint', ['--nonet', '--noout', '--schema', join(SCHEMAS, 'all.xsd'), file], {
      encoding: 'utf8', env: { ...process.env, XML_CATALOG_FILES: join(SCHEMAS, 'catalog.xml') }, maxBuffer: 64 << 20,
    })
    const output = `${r.stdout}${r.stderr}`.replaceAll(file, 'response.xml')
    return { ok: r.status === 0 && output.includes('validates'), output }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
