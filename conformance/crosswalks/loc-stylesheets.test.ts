// The crosswalks against the Library of Congress stylesheets run live: xsltproc applies
// MARC21slim2OAIDC.xsl, MARC21slim2SRWDC.xsl and MARC21slim2MODS3-6.xsl (shared/data/xslt/, offline
// through its catalog) to the Vietnamese MARCXML sample; our output must equal theirs up to the
// differences documented in test/helpers/loc-crosswalk-differences.ts, and validate against the
// published schemas (MODS 3.6, oai_dc). The stored oracles in shared/data must still be what the
// stylesheets produce, so the unit tests that read them stay honest. Needs xsltproc and xmllint.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { marcToDc } from '../../mappings/marc21-to-dc.js'
import { dcToOaiDcXml, dcToSrwDcXml, OAI_DC_NS, SRW_DC_NS } from '../../mappings/dc-to-xml.js'
import { marcToModsXml, MODS_NS } from '../../mappings/marc21-to-mods.js'
import { readMarcXmlRecords } from '../../test/helpers/marcxml-records.js'
import { descendants, parseXmlTree } from '../../test/helpers/xml-tree.js'
import { xmllintValidate } from '../../test/helpers/xmllint.js'
import { OAI_DC_DIFFERENCES, SRW_DC_DIFFERENCES, MODS_DIFFERENCES, dcDifferences, listedDc, listedMods, modsDifferences } from '../../test/helpers/loc-crosswalk-differences.js'

const ROOT = resolve(import.meta.dirname, '../..')
const SHARED = resolve(ROOT, '../shared/data')
const XSLT = resolve(SHARED, 'xslt')
const INPUT = resolve(SHARED, 'marc/vietnamese/vn-utf8-nfc.xml')
const ORACLE = resolve(SHARED, 'marc/vietnamese/oracle')

function xsltproc (stylesheet: string): string {
  const r = spawnSync('xsltproc', ['--nonet', resolve(XSLT, stylesheet), INPUT], {
    encoding: 'utf8',
    env: { ...process.env, XML_CATALOG_FILES: resolve(XSLT, 'catalog.xml') },
    maxBuffer: 64 << 20,
  })
  if (r.error !== undefined || r.status !== 0) throw new Error(`xsltproc ${stylesheet} failed: ${r.error?.message ?? r.stderr}`)
  return r.stdout
}

const records = await readMarcXmlRecords(readFileSync(INPUT, 'utf8'))

t.test('xsltproc and xmllint are installed (conformance/setup.sh installs them)', async t => {
  t.equal(spawnSync('xsltproc', ['--version']).status, 0, 'xsltproc')
  t.equal(spawnSync('xmllint', ['--version']).status, 0, 'xmllint')
})

const RUNS = [
  { xsl: 'MARC21slim2OAIDC.xsl', oracle: 'vn-utf8-nfc.oai_dc.xml' },
  { xsl: 'MARC21slim2SRWDC.xsl', oracle: 'vn-utf8-nfc.srw_dc.xml' },
  { xsl: 'MARC21slim2MODS3-6.xsl', oracle: 'vn-utf8-nfc.mods36.xml' },
] as const
const live = new Map<string, string>()
for (const run of RUNS) {
  t.test(`${run.xsl} still produces the stored oracle`, async t => {
    const out = xsltproc(run.xsl)
    live.set(run.xsl, out)
    t.equal(out, readFileSync(resolve(ORACLE, run.oracle), 'utf8'))
  })
}

t.test('oai_dc equals the live MARC21slim2OAIDC.xsl output up to the documented differences', async t => {
  const theirs = descendants(parseXmlTree(live.get('MARC21slim2OAIDC.xsl') ?? xsltproc('MARC21slim2OAIDC.xsl')), OAI_DC_NS, 'dc')
  const ours = records.map(r => parseXmlTree(dcToOaiDcXml(marcToDc(r, { stripIsbd: false }))))
  t.strictSame(dcDifferences(records, ours, theirs), listedDc(OAI_DC_DIFFERENCES))
})

t.test('srw_dc equals the live MARC21slim2SRWDC.xsl output up to the documented differences', async t => {
  const theirs = descendants(parseXmlTree(live.get('MARC21slim2SRWDC.xsl') ?? xsltproc('MARC21slim2SRWDC.xsl')), SRW_DC_NS, 'dc')
  const ours = records.map(r => parseXmlTree(dcToSrwDcXml(marcToDc(r, { stripIsbd: false }))))
  t.strictSame(dcDifferences(records, ours, theirs), listedDc(SRW_DC_DIFFERENCES))
})

t.test('MODS equals the live MARC21slim2MODS3-6.xsl output up to the documented differences', async t => {
  const theirs = descendants(parseXmlTree(live.get('MARC21slim2MODS3-6.xsl') ?? xsltproc('MARC21slim2MODS3-6.xsl')), MODS_NS, 'mods')
  const ours = records.map(r => parseXmlTree(marcToModsXml(r)))
  t.strictSame(modsDifferences(records, ours, theirs), listedMods(MODS_DIFFERENCES))
})

t.test('MODS validates against the MODS 3.6 XSD', async t => {
  t.strictSame(xmllintValidate(records.map(marcToModsXml), resolve(ROOT, 'conformance/schemas/mods-3-6.xsd'), resolve(ROOT, 'conformance/schemas/catalog.xml')), [])
})

t.test('oai_dc (both modes) validates against oai_dc.xsd', async t => {
  const xsd = resolve(ROOT, 'conformance/schemas/oai_dc.xsd')
  t.ok(existsSync(xsd), 'conformance/schemas/oai_dc.xsd')
  const docs = records.flatMap(r => [dcToOaiDcXml(marcToDc(r)), dcToOaiDcXml(marcToDc(r, { stripIsbd: false }))])
  t.strictSame(xmllintValidate(docs, xsd, resolve(ROOT, 'conformance/schemas/catalog.xml')), [])
})
