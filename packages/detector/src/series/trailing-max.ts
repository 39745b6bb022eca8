/** The maximum of the last `span` pushed values (not counting the one being pushed), in O(1) amortized. */
export class TrailingMax {
  private readonly values: number[] = [];
  private readonly indexes: number[] = [];
  private head = 0;
  private count = 0;

  constructor(private readonly span: number) {}

  /** The maximum of the previous `span` values (0 when none), then `value` joins the window. */
  push(value: number): number {
    while (this.head < this.indexes.length && this.indexes[this.head]! < this.count - this.span) this.head++;
    const max = this.head < this.values.length ? this.values[this.head]! : 0;
    while (this.values.length > this.head && this.values[this.values.length - 1]! <= value) {
      this.values.pop();
      this.indexes.pop();
    }
    this.values.push(value);
    this.indexes.push(this.count++);
    if (this.head > 1024) {
      this.values.splice(0, this.head);
      this.indexes.splice(0, this.head);
      this.head = 0;
    }
    return max;
  }
}

/**
 * Keeps a value only when it is more than `factor` × every value of the last `span` rows (else 0): one
 * alarm per episode instead of a run of them, while a clearly stronger one still gets through.
 */
export class RepeatSuppressor {
  private readonly recent: TrailingMax;

  constructor(
    span: number,
    private readonly factor = 1,
  ) {
    this.recent = new TrailingMax(span);
  }

  push(value: number): number {
    const max = this.recent.push(value);
    return value > max * this.factor ? value : 0;
  }
}
