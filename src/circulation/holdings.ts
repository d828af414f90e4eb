import type { IncomingRecord } from '../model/record.js'
import type { CirculationService } from './open.js'

/**
 * Keeps circulation's items in step with the MARC holdings (852 / Koha 952) of an imported batch;
 * importFiles calls it through `onBatch` after each committed batch.
 */
export async function syncHoldings (circ: CirculationService, batch: readonly IncomingRecord[]): Promise<void> {
  circ.syncHoldings(batch)
}
