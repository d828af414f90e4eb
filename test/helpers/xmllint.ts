// Schema validation through xmllint (Debian libxml2-utils), for tests that check our XML against the
// published XSDs. Never touches the network (--nonet); imported schemas resolve through a catalog.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function xmllintAvailable (): boolean {
  return spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).status === 0
}

/**
 * Validates each document against `schema`; returns xmllint's complaints (empty when all validate).
 * Schema parser warnings (a namespace imported twice by record schemas) are not complaints.
 */
export function xmllintValidate (docs: readonly string[], schema: string, catalog?: string): string[] {
  if (!existsSync(schema)) throw new Error(`schema not found: ${schema}`)
  const dir = mkdtempSync(join(tmpdir(), 'libgate-xsd-'))
  try {
    const files = docs.map((d, i) => { const f = join(dir, `doc-${i}.xml`); writeFileSync(f, d); return f })
    const r = spawnSync('xmllint', ['--nonet', '--noout', '--schema', schema, ...files], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      env: { ...process.env, ...(catalog === undefined ? {} : { XML_CATALOG_FILES: catalog }) },
    })
    if (r.status === 0) return []
    const problems = r.stderr.split('\n').filter(l => l.trim() !== '' && !l.endsWith(' validates') && !l.includes('Schemas parser warning'))
    if (r.status !== 0 && problems.length === 0) problems.push(`xmllint exited ${String(r.status)}`)
    return problems
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
