// What a command-line option is: its kind (which values it takes), its default and its help, declared
// once in the command table (commands.ts). The parser (parse-options.ts) checks values against it and
// the help (help.ts) is written from it, so the two cannot disagree. Imports nothing.

interface Base {
  description: string;
  /** Placeholder shown in help, e.g. DATE (an enum shows its choices instead). */
  value?: string;
  required?: boolean;
  /** A default worked out later (from the config, the file extension, ...): shown in help only. */
  defaultText?: string;
}

/** Any non-empty text (an id, a campaign name). */
export interface StringSpec extends Base {
  kind: 'string';
}

/** A file or folder; the command checks it (check-paths.ts), as that needs the file system. */
export interface PathSpec extends Base {
  kind: 'path';
}

/** A calendar date, YYYY-MM-DD. */
export interface DateSpec extends Base {
  kind: 'date';
}

/** A whole number from min to max, or one of `words` (e.g. auto). */
export interface IntSpec extends Base {
  kind: 'int';
  min: number;
  max: number;
  words?: readonly string[];
  default?: number;
}

/** A finite number, within min and max where given. */
export interface NumberSpec extends Base {
  kind: 'number';
  min?: number;
  max?: number;
  default?: number;
}

/** One of `choices`. */
export interface EnumSpec extends Base {
  kind: 'enum';
  choices: readonly string[];
  default?: string;
}

/**
 * A comma-separated list, each item one of `choices`. Without choices (they depend on the playbook the
 * config names) the command checks the items with checkChoices.
 */
export interface ListSpec extends Base {
  kind: 'list';
  choices?: readonly string[];
}

/** A value of its own form (e.g. a shard I/N): `parse` returns undefined when the text is not one. */
export interface CustomSpec<T = unknown> extends Base {
  kind: 'custom';
  /** What a value looks like, for the error message. */
  expected: string;
  parse(text: string): T | undefined;
  /** The option may be given several times: the command gets the list of values, in order. */
  multiple?: boolean;
}

export interface BooleanSpec {
  kind: 'boolean';
  description: string;
}

export type OptionSpec =
  | StringSpec
  | PathSpec
  | DateSpec
  | IntSpec
  | NumberSpec
  | EnumSpec
  | ListSpec
  | CustomSpec
  | BooleanSpec;

export type OptionSpecs = Record<string, OptionSpec>;

/** The value an option of spec O hands the command. */
type ValueOf<O> = O extends { kind: 'boolean' }
  ? boolean
  : O extends { kind: 'int'; words: readonly (infer W)[] }
    ? number | W
    : O extends { kind: 'int' | 'number' }
      ? number
      : O extends { kind: 'enum'; choices: readonly (infer C)[] }
        ? C
        : O extends { kind: 'list'; choices: readonly (infer C)[] }
          ? C[]
          : O extends { kind: 'list' }
            ? string[]
            : O extends { kind: 'custom'; multiple: true; parse(text: string): infer T }
              ? Exclude<T, undefined>[]
              : O extends { kind: 'custom'; parse(text: string): infer T }
                ? Exclude<T, undefined>
                : string;

/** Options that always have a value: flags, required ones and those with a default. */
type Always<O> = O extends { kind: 'boolean' } | { required: true } | { default: unknown } ? true : false;

/** as-of -> asOf, no-report -> noReport. */
export type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;

export const camel = (name: string): string => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** What a command receives for its options: camel-cased names, typed by kind. */
export type OptionValues<Os extends OptionSpecs> = {
  -readonly [K in keyof Os & string as Camel<K>]: Always<Os[K]> extends true
    ? ValueOf<Os[K]>
    : ValueOf<Os[K]> | undefined;
};
