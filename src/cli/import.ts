import { SettingError } from '../errors.js'
import { importFiles, type ImportFormat } from '../ingest/import.js'
import type { MarcEncoding } from '../ingest/marc/index.js'
import { TEXT_ENCODINGS } from '../text/charsets/index.js'
import { progressSink } from '../ingest/progress.js'
import { derivedIdLines, rejectLine, repairLines, summaryLine } from '../ingest/report.js'
import { isIsil, type Isil } from '../model/isil.js'
import { openRecordStore } from '../store/open.js'
import { holdingsOnImport, openCirculation } from '../circulation/open.js'
import type { Command } from './command.js'

const FORMATS: readonly ImportFormat[] = ['iso2709', 'marcxml', 'dc', 'mij']
const ENCODINGS: readonly string[] = ['auto', ...TEXT_ENCODINGS]
/** Repaired records listed without --verbose. */
const REPAIRS_SHOWN = 5

/**
 * `libgate import --library ISIL [--format F] [--encoding E] [--json] [--verbose] FILE...`
 * (CONTRACT.md): the summary line on stdout (or the summary as JSON with --json), each rejected record
 * and the repairs on stderr, progress on stderr when it is a terminal. Exit 0 when every file was
 * read, even with rejects; 1 when a file could not be read; 2 for bad options.
 */
export const importCommand: Command = {
  words: ['import'],
  summary: 'load records (ISO 2709, MARCXML, MARC-in-JSON, Dublin Core XML) for a library',
  usage: 'libgate import --library ISIL [--format F] [--encoding E] [--json] FILE...',
  options: {
    library: { type: 'string', multiple: false, help: 'ISIL of the library the records belong to (e.g. VN-HNLIB)' },
    format: { type: 'string', multiple: false, help: `force the format: ${FORMATS.join('|')} (default: detected)` },
    encoding: { type: 'string', multiple: false, help: `character set of ISO 2709 records: ${ENCODINGS.join('|')} (default auto: detected per record)` },
    json: { type: 'boolean', multiple: false, help: 'print the summary as JSON on stdout' },
    verbose: { type: 'boolean', multiple: false, help: 'list every repaired or noted record' },
  },
  async run ({ args, options, settings, stdout, stderr }) {
    const library = options.library
    if (typeof library !== 'string' || library === '') throw new SettingError('library', '--library: give the ISIL of the library the records belong to (e.g. --library VN-HNLIB)')
    if (!isIsil(library)) throw new SettingError('library', `--library: '${library}' is not an ISIL (ISO 15511: e.g. VN-HNLIB, at most 16 characters of A-Z a-z 0-9 - / :)`)
    const format = options.format
    if (format !== undefined && (typeof format !== 'string' || !(FORMATS as readonly string[]).includes(format))) throw new SettingError('format', `--format: '${String(format)}' is not one of ${FORMATS.join(', ')}`)
    const encoding = options.encoding
    if (encoding !== undefined && (typeof encoding !== 'string' || !ENCODINGS.includes(encoding))) throw new SettingError('encoding', `--encoding: '${String(encoding)}' is not one of ${ENCODINGS.join(', ')}`)
    if (args.length === 0) throw new SettingError('files', 'import: give at least one file (see libgate import --help)')

    const store = openRecordStore(settings.db)
    // Holdings (852/952 with barcodes) become circulation items for SIP2 as each batch commits.
    const circulation = openCirculation(settings.db)
    const progress = progressSink(stderr)
    try {
      // The embargoes that ended since the last sweep (serve sweeps every minute; it may not be running).
      const released = await store.releaseWithheld(Date.now() * 1000)
      if (released > 0) stderr.write(`libgate: released ${released} record${released === 1 ? '' : 's'} whose embargo (506 $g) has ended\n`)
      const summary = await importFiles(store, {
        library: library as Isil,
        files: [...args],
        format: format as ImportFormat | undefined,
        encoding: encoding as 'auto' | MarcEncoding | undefined,
        onProgress: p => progress.update(p),
        onReject: (r) => { progress.done(); stderr.write(`libgate: ${rejectLine(r)}\n`) },
        ...holdingsOnImport(circulation),
      })
      progress.done()
      const max = options.verbose === true ? Infinity : REPAIRS_SHOWN
      for (const l of [...repairLines(summary, max), ...derivedIdLines(summary, max)]) stderr.write(`libgate: ${l}\n`)
      if (options.json === true) stdout.write(JSON.stringify(summary) + '\n')
      else stdout.write(summaryLine(summary) + '\n')
      return 0
    } finally {
      progress.done()
      await circulation.close()
      await store.close()
    }
  },
}
