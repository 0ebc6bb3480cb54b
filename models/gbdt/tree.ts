// One tree, grown best-first (leaf-wise): the open leaf whose best split gains most is split next,
// until maxLeafNodes leaves or no leaf can be split. Each node owns a range of a row-index array,
// partitioned in place (stably, so rows stay in memory order); only the smaller child's histogram is
// built, the larger one's is the parent's minus it.
import { buildHistogram, subtractHistogram } from './histogram.ts';
import type { Layout } from './layout.ts';
import type { GbdtTree } from './model.ts';
import { findBestSplit, type NodeSums, type Split } from './split.ts';

export interface GrowOptions {
  maxLeafNodes: number;
  /** 0: no limit. */
  maxDepth: number;
  minSamplesLeaf: number;
  minHessian: number;
  l2: number;
  learningRate: number;
  /** Largest raw leaf step before the learning rate (0: none). */
  maxDeltaStep: number;
}

/** Buffers reused from tree to tree. */
export class GrowBuffers {
  readonly idx: Uint32Array;
  readonly scratch: Uint32Array;
  readonly goesLeft: Uint8Array;
  private readonly free: Float64Array[] = [];
  constructor(private readonly layout: Layout) {
    this.idx = new Uint32Array(layout.rows);
    this.scratch = new Uint32Array(layout.rows);
    this.goesLeft = new Uint8Array(256);
  }
  take(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.layout.totalBins * 3);
  }
  give(hist: Float64Array | null): void {
    if (hist) this.free.push(hist);
  }
}

interface OpenNode extends NodeSums {
  id: number;
  start: number;
  end: number;
  depth: number;
  hist: Float64Array | null;
  split: Split | null;
}

export interface GrownTree {
  tree: GbdtTree;
  /** Leaves as ranges of `idx` (row indices in the layout): where each leaf's value goes. */
  leaves: { start: number; end: number; value: number }[];
}

export function growTree(layout: Layout, gh: Float32Array, options: GrowOptions, buffers: GrowBuffers): GrownTree {
  const { idx } = buffers;
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  const tree: GbdtTree = { feature: [], bin: [], missingLeft: [], left: [], right: [], value: [], gain: [], count: [] };
  const cap = options.maxDeltaStep;
  const leafValue = (s: NodeSums) =>
    cap > 0
      ? options.learningRate * Math.min(Math.max(-s.g / (s.h + options.l2 + 1e-15), -cap), cap)
      : (-options.learningRate * s.g) / (s.h + options.l2 + 1e-15);
  const addNode = (s: NodeSums): number => {
    tree.feature.push(-1);
    tree.bin.push(0);
    tree.missingLeft.push(false);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(leafValue(s));
    tree.gain.push(0);
    tree.count.push(s.count);
    return tree.feature.length - 1;
  };
  const canSplit = (n: OpenNode) =>
    n.count >= 2 * options.minSamplesLeaf && (options.maxDepth === 0 || n.depth < options.maxDepth);
  const evaluate = (n: OpenNode) => {
    n.split = n.hist ? findBestSplit(n.hist, layout, n, options) : null;
  };

  let g = 0;
  let h = 0;
  for (let i = 0; i < layout.rows; i++) {
    g += gh[2 * i];
    h += gh[2 * i + 1];
  }
  const rootSums = { g, h, count: layout.rows };
  const root: OpenNode = {
    ...rootSums,
    id: addNode(rootSums),
    start: 0,
    end: layout.rows,
    depth: 0,
    hist: null,
    split: null,
  };
  if (canSplit(root) && options.maxLeafNodes > 1) {
    root.hist = buffers.take();
    buildHistogram(root.hist, layout, idx, 0, layout.rows, gh);
    evaluate(root);
  }
  const open: OpenNode[] = [root];
  while (open.length < options.maxLeafNodes) {
    let at = -1;
    for (let k = 0; k < open.length; k++) {
      const s = open[k].split;
      if (s && (at < 0 || s.gain > open[at].split!.gain)) at = k;
    }
    if (at < 0) break;
    const node = open[at];
    const split = node.split!;
    const leftCount = partition(layout, split, node, buffers);
    const leftSums = { ...split.left, count: leftCount };
    const rightSums = { g: node.g - split.left.g, h: node.h - split.left.h, count: node.count - leftCount };
    const left: OpenNode = {
      ...leftSums,
      id: addNode(leftSums),
      start: node.start,
      end: node.start + leftCount,
      depth: node.depth + 1,
      hist: null,
      split: null,
    };
    const right: OpenNode = {
      ...rightSums,
      id: addNode(rightSums),
      start: left.end,
      end: node.end,
      depth: node.depth + 1,
      hist: null,
      split: null,
    };
    const column = layout.columns[split.column];
    tree.feature[node.id] = split.column;
    tree.bin[node.id] = split.bin;
    // A column without NaN in training sends NaN where most rows went (as scikit-learn does).
    tree.missingLeft[node.id] = column.hasMissing ? split.missingLeft : left.count > right.count;
    tree.left[node.id] = left.id;
    tree.right[node.id] = right.id;
    tree.gain[node.id] = split.gain;
    open.splice(at, 1, left, right);

    // Histograms only where a split may still follow; the last pair of leaves needs none.
    if (open.length < options.maxLeafNodes && (canSplit(left) || canSplit(right))) {
      const [small, large] = left.count <= right.count ? [left, right] : [right, left];
      small.hist = buffers.take();
      buildHistogram(small.hist, layout, idx, small.start, small.end, gh);
      subtractHistogram(node.hist!, small.hist);
      large.hist = node.hist;
      node.hist = null;
      for (const child of [left, right]) {
        if (canSplit(child)) evaluate(child);
        else {
          buffers.give(child.hist);
          child.hist = null;
        }
      }
    } else {
      buffers.give(node.hist);
      node.hist = null;
    }
  }
  for (const n of open) buffers.give(n.hist);
  return { tree, leaves: open.map((n) => ({ start: n.start, end: n.end, value: tree.value[n.id] })) };
}

/** Stable in-place partition of the node's rows; returns how many went left. */
function partition(layout: Layout, split: Split, node: OpenNode, buffers: GrowBuffers): number {
  const { idx, scratch, goesLeft } = buffers;
  const column = layout.columns[split.column];
  const bins = layout.groupBins[column.group];
  if (column.bundled) {
    goesLeft.fill(1, 0, bins);
    goesLeft[column.onBin] = 0;
  } else {
    const valueBins = bins - 1;
    for (let b = 0; b < valueBins; b++) goesLeft[b] = b <= split.bin ? 1 : 0;
    goesLeft[valueBins] = split.missingLeft ? 1 : 0;
  }
  return partitionRange(idx, scratch, node.start, node.end, layout.groupColumns[column.group], goesLeft);
}

/**
 * Stable in-place partition of idx[start..end) by goesLeft[bins[row]]; returns how many went left.
 * Branch-free: each row is written to both sides and only the side it belongs to advances.
 */
export function partitionRange(
  idx: Uint32Array,
  scratch: Uint32Array,
  start: number,
  end: number,
  bins: Uint8Array,
  goesLeft: Uint8Array,
): number {
  let l = start;
  let r = 0;
  for (let k = start; k < end; k++) {
    const i = idx[k];
    const left = goesLeft[bins[i]];
    idx[l] = i;
    scratch[r] = i;
    l += left;
    r += 1 - left;
  }
  idx.set(scratch.subarray(0, r), l);
  return l - start;
}
