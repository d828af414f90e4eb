/**
 * libgate's MARC core: streaming readers (ISO 2709, MARCXML, MARC-in-JSON), the ISO 2709 writer,
 * MiJ conversion and format detection. Every record a reader emits is NFC, has a 24-character
 * leader with leader/09 'a', and lists every repair made to it. MARCXML output: mappings/marc21-to-marcxml.ts.
 */
export type { MarcEncoding, MarcReadResult, ReadOptions } from './types.js'
export { readIso2709 } from './iso2709-reader.js'
export { readMarcXml } from './marcxml-reader.js'
export { readMij } from './mij-reader.js'
export { detectMarcFormat } from './detect-format.js'
export { writeIso2709, type WriteOptions } from './iso2709-writer.js'
export { toMij, fromMij, type MijRecord } from './mij.js'
