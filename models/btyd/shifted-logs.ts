// log(shift + v) and 1 / (shift + v) for every row of a pattern column, through its distinct values:
// patterns share far fewer T, t_x and x than there are patterns (at 1M customers in days: ~800k
// patterns, ~1k values of each), so a likelihood evaluation takes ~1k logs, not ~800k.
import { distinctValues } from './group-rows.ts';

export class ShiftedLogs {
  /** The position of each row's value in `log` and `inv`. */
  readonly index: Int32Array;
  readonly log: Float64Array;
  readonly inv: Float64Array;
  private readonly values: Float64Array;

  constructor(column: ArrayLike<number>) {
    ({ values: this.values, index: this.index } = distinctValues(column));
    this.log = new Float64Array(this.values.length);
    this.inv = new Float64Array(this.values.length);
  }

  /** Fills the tables with log((shift + v) + offset): the offset is added last, as the formulas write it. */
  at(shift: number, offset = 0): this {
    for (let k = 0; k < this.values.length; k++) {
      const s = offset === 0 ? shift + this.values[k] : shift + this.values[k] + offset;
      this.log[k] = Math.log(s);
      this.inv[k] = 1 / s;
    }
    return this;
  }
}
