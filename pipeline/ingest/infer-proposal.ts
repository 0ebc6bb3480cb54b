// --infer: the proposal being built from a sample of a file: the mapping so far, the notes for the
// user, which source columns it uses, and why each other column was left out.
import type { Kind } from '../vocabulary.ts';
import { findColumn, type Role } from './infer-columns.ts';
import { profile, type Profile } from './infer-values.ts';
import type { FieldMapping, Mapping } from './mapping-schema.ts';

/** The sampled head of a file: its column names and rows of text. */
export interface Sheet {
  columns: string[];
  rows: string[][];
}

export interface Unplaced {
  column: string;
  reason: string;
}

export class Proposal {
  readonly notes: string[] = [];
  private readonly placed = new Set<number>();
  private readonly reasons = new Map<number, string>();
  private readonly profiles = new Map<number, Profile>();

  constructor(
    readonly sheet: Sheet,
    readonly mapping: Mapping & { kind: Kind },
  ) {}

  name(i: number): string {
    return this.sheet.columns[i];
  }

  profile(i: number): Profile {
    let p = this.profiles.get(i);
    if (!p) this.profiles.set(i, (p = profile(this.sheet.rows.map((r) => r[i] ?? ''))));
    return p;
  }

  /** The first column not used yet whose name announces the role. */
  find(role: Role): number | null {
    return findColumn(this.sheet.columns, role, this.placed);
  }

  /** Columns not used yet, in file order. */
  free(): number[] {
    return this.sheet.columns.map((_, i) => i).filter((i) => !this.placed.has(i));
  }

  /** Uses column i for a field (the shorthand, or a spec with `column` set to it). */
  setField(field: string, i: number, spec: Omit<Exclude<FieldMapping, string>, 'column'> = {}): void {
    this.placed.add(i);
    this.mapping.fields[field] = Object.keys(spec).length ? { column: this.name(i), ...spec } : this.name(i);
  }

  use(i: number): void {
    this.placed.add(i);
  }

  isUsed(i: number): boolean {
    return this.placed.has(i);
  }

  leaveOut(i: number, reason: string): void {
    this.reasons.set(i, reason);
  }

  /** Every column the mapping does not read, with the reason given, or `why` for the rest. */
  unplaced(why: (i: number) => string): Unplaced[] {
    return this.free().map((i) => ({ column: this.name(i), reason: this.reasons.get(i) ?? why(i) }));
  }
}
