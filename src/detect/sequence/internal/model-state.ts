import type { ResolvedSequenceOptions } from '../options.js';
import { EventVocabulary } from '../event-vocabulary.js';
import { Calibration } from './calibration.js';
import { CountInvariants } from './count-invariants.js';
import { EventTable } from './event-table.js';
import { OrderTable } from './order-table.js';

/** Everything a model learns: plain tables, saved and restored by `model-snapshot.ts`. */
export class ModelState {
  readonly options: ResolvedSequenceOptions;
  readonly vocabulary: EventVocabulary;
  /** `sessions[UNKNOWN_ID]` counts sessions with keys the full vocabulary could not hold. */
  readonly events: EventTable;
  /** Index h − 1 holds the table for history length h. */
  readonly orders: readonly OrderTable[];
  readonly invariants: CountInvariants;
  readonly calibration: Calibration;
  /** Normal sessions learned. */
  sessions = 0;

  constructor(options: ResolvedSequenceOptions) {
    this.options = options;
    this.vocabulary = new EventVocabulary(options.maxEvents);
    this.events = new EventTable(options.maxCountValues);
    const orders: OrderTable[] = [];
    for (let h = 1; h <= options.orderHistory; h++) orders.push(new OrderTable(h, options.maxContexts, options.maxTransitions));
    this.orders = orders;
    this.invariants = new CountInvariants(options.maxInvariants);
    this.calibration = new Calibration();
  }
}
