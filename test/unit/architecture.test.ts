// Enforces the dependency rules of STYLE.md ("Layout"): codecs import no sockets, loggers or
// stores; no protocol imports another or a store adapter; mappings import only the model.
import t from 'tap'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, dirname, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '../..')

function walk (dir: string): string[] {
  let out: string[] = []
  for (const e of readdirSync(dir)) {
    const p = join(dir, e)
    if (statSync(p).isDirectory()) out = out.concat(walk(p))
    else if (p.endsWith('.ts')) out.push(p)
  }
  return out
}

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

function importsOf (file: string): string[] {
  const src = readFileSync(file, 'utf8')
  const out: string[] = []
  for (const m of src.matchAll(IMPORT_RE)) out.push(m[1] ?? m[2])
  return out
}

/** An import as a path relative to the project root ('src/store/sqlite/open.js'), or the bare package name. */
function target (file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec
  return relative(root, resolve(dirname(file), spec)).split('\\').join('/')
}

const files = ['src', 'protocols', 'mappings'].flatMap(d => walk(join(root, d)))

t.ok(files.length > 10, 'the scan found the source files')

for (const file of files) {
  const rel = relative(root, file).split('\\').join('/')
  const targets = importsOf(file).map(s => target(file, s))
  const proto = /^protocols\/([^/]+)\//.exec(rel)?.[1]
  for (const tg of targets) {
    if (/^protocols\/[^/]+\/(ber|apdu|codec)\//.test(rel)) {
      t.notOk(/^(node:)?(net|tls|http|dgram)$|^fastify|^pino|^better-sqlite3|^src\/store\//.test(tg), `${rel}: a codec must not import ${tg}`)
    }
    if (rel.startsWith('mappings/')) {
      t.ok(!tg.startsWith('src/') || tg.startsWith('src/model/') || tg.startsWith('src/text/') || tg === 'src/errors.js', `${rel}: mappings import only the model (found ${tg})`)
      t.notOk(tg.startsWith('protocols/'), `${rel}: mappings must not import a protocol (${tg})`)
    }
    if (proto !== undefined && tg.startsWith('protocols/')) {
      t.ok(tg.startsWith(`protocols/${proto}/`), `${rel}: a protocol must not import another protocol (${tg})`)
    }
    if (proto !== undefined) {
      t.notOk(/^src\/store\/(sqlite|postgres)\//.test(tg) || tg === 'better-sqlite3', `${rel}: protocols reach the store through its port only (${tg})`)
      t.notOk(/^src\/(cli|server)/.test(tg), `${rel}: protocols must not import the composition root (${tg})`)
    }
    if (tg.startsWith('protocols/') && !rel.startsWith('protocols/')) {
      t.ok(rel === 'src/server.ts' || rel.startsWith('src/cli/'), `${rel}: only src/server.ts and src/cli/ import protocols (${tg})`)
    }
  }
}
