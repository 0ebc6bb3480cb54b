// Raw scores of the validation rows, kept up to date tree by tree during a fit. The rows are binned
// once with the training edges; each new tree is applied by partitioning row indices node by node as
// training does (branch-free), which is cheaper than walking every row down the tree.
import { Binner, binOf } from './binning.ts';
import type { GbdtTree } from './model.ts';
import { partitionRange } from './tree.ts';

export class ValidationScores {
  readonly raw: Float64Array;
  private readonly bins: Uint8Array[];
  private readonly idx: Uint32Array;
  private readonly scratch: Uint32Array;
  private readonly goesLeft = new Uint8Array(256);

  constructor(
    x: Float32Array | Float64Array,
    rows: number,
    cols: number,
    private readonly edges: Float64Array[],
    baseScore: number,
  ) {
    this.raw = new Float64Array(rows).fill(baseScore);
    this.idx = new Uint32Array(rows);
    this.scratch = new Uint32Array(rows);
    this.bins = edges.map(() => new Uint8Array(rows));
    // Float32 values take the binner's table; doubles an exact binary search (the table is for float32).
    const bits = x instanceof Float32Array ? new Uint32Array(x.buffer, x.byteOffset, x.length) : null;
    const binners = edges.map((e) => new Binner(e));
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const v = x[i * cols + j];
        this.bins[j][i] =
          v !== v ? edges[j].length + 1 : bits ? binners[j].bin(v, bits[i * cols + j]) : binOf(edges[j], v);
      }
    }
  }

  addTree(tree: GbdtTree): void {
    const { idx, scratch, goesLeft, raw } = this;
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    const stack: [node: number, start: number, end: number][] = [[0, 0, idx.length]];
    while (stack.length > 0) {
      const [node, start, end] = stack.pop()!;
      const f = tree.feature[node];
      if (f < 0) {
        const value = tree.value[node];
        for (let k = start; k < end; k++) raw[idx[k]] += value;
        continue;
      }
      const valueBins = this.edges[f].length + 1;
      for (let b = 0; b < valueBins; b++) goesLeft[b] = b <= tree.bin[node] ? 1 : 0;
      goesLeft[valueBins] = tree.missingLeft[node] ? 1 : 0;
      const left = partitionRange(idx, scratch, start, end, this.bins[f], goesLeft);
      stack.push([tree.left[node], start, start + left], [tree.right[node], start + left, end]);
    }
  }
}
