/**
 * The version of every crosswalk's output (MARC→DC, DC→XML, MARC→MODS, DC→MODS, DC→MARC). Bump it
 * whenever any of them would write different bytes for the same record: the store re-stamps the
 * records whose derived formats changed, so that OAI-PMH harvesters re-fetch them (OAI-PMH 2.0 §2.7.1:
 * a datestamp changes when the metadata disseminated in a format changes; research/oai-pmh.md R-55).
 * Format: `<date of the change>.<serial that day>`; compared for equality only.
 */
export const CROSSWALK_VERSION: string = '2026-11-25.1'
