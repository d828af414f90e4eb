import { type OaiContext, snapshotSecond, validSetSpecs, type VerbOutput } from '../context.js'
import { oaiError } from '../errors.js'
import { el } from '../xml-writer.js'
import { dcToOaiDcXml } from '../../../mappings/dc-to-xml.js'
import { setAncestors } from '../../../mappings/record-sets.js'

/**
 * ListSets (§4.6): the hierarchy `library` → `library:{ISIL}` and `type` → `type:{…}` (C-63: parents
 * listed too). setName carries Vietnamese and English; a setDescription gives each language as its
 * own dc:description with xml:lang. The list is small (libraries × types), so it is never paged and
 * libgate issues no ListSets tokens: any token given is a badResumptionToken (C-48).
 */
export async function listSets (ctx: OaiContext, resumptionToken: string | undefined): Promise<VerbOutput> {
  const second = await snapshotSecond(ctx)
  if (resumptionToken !== undefined) return { responseSecond: second, errors: [oaiError('badResumptionToken', 'ListSets is never paged; this token was not issued by this repository.')] }
  const specs = new Set<string>(['library', 'type'])
  for (const s of validSetSpecs((await ctx.store.listSets()).map(x => x.spec))) {
    for (const a of setAncestors(s)) specs.add(a)
    specs.add(s)
  }
  let body = '<ListSets>'
  for (const spec of [...specs].sort()) {
    const name = ctx.setName(spec)
    body += `<set><setSpec>${spec}</setSpec>` + el('setName', name.vi === name.en ? name.vi : `${name.vi} / ${name.en}`) +
      '<setDescription>' + dcToOaiDcXml({ elements: [{ name: 'description', value: name.vi, lang: 'vi' }, { name: 'description', value: name.en, lang: 'en' }] }) +
      '</setDescription></set>\n'
  }
  body += '</ListSets>\n'
  return { responseSecond: second, body: [body] }
}
