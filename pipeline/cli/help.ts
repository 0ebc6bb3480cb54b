// `churn --help` and `churn <command> --help`, written from the command table: each option with its
// placeholder (an enum's choices), its description, then what it accepts and its default.
import type { CommandSpec } from './command.ts';
import { COMMANDS, GLOBAL_OPTIONS } from './commands.ts';
import type { OptionSpec, OptionSpecs } from './option-spec.ts';
import { numberRange } from './options.ts';

export function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'churn: churn prediction and customer lifetime value, from interaction history to a retention report',
    '',
    'usage: churn <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'global options:',
    formatOptions(GLOBAL_OPTIONS),
    '',
    'Run `churn <command> --help` for the options of one command.',
    '',
  ].join('\n');
}

export function commandHelp(command: CommandSpec): string {
  const own = Object.keys(command.options).length ? ['', 'options:', formatOptions(command.options)] : [];
  return [
    `usage: ${command.usage}`,
    '',
    command.summary,
    ...own,
    '',
    'global options:',
    formatOptions(GLOBAL_OPTIONS),
    '',
  ].join('\n');
}

function formatOptions(options: OptionSpecs): string {
  const rows = Object.entries(options).map(([name, o]) => [
    `--${name}${placeholder(o)}`,
    `${o.description}${facts(o)}`,
  ]);
  const width = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, d]) => `  ${l.padEnd(width)}  ${d}`).join('\n');
}

export function placeholder(o: OptionSpec): string {
  if (o.kind === 'boolean') return '';
  if (o.kind === 'enum') return ` ${o.choices.join('|')}`;
  return ` ${o.value ?? PLACEHOLDERS[o.kind]}`;
}

const PLACEHOLDERS = {
  string: 'VALUE',
  path: 'PATH',
  date: 'DATE',
  int: 'N',
  number: 'X',
  list: 'LIST',
  custom: 'VALUE',
} as const;

/** " (what it accepts; default)", or nothing when the description says it all. */
function facts(o: OptionSpec): string {
  if (o.kind === 'boolean') return '';
  const parts: string[] = [];
  if (o.required) parts.push('required');
  if (o.kind === 'date') parts.push('YYYY-MM-DD');
  if (o.kind === 'int') parts.push(`${o.min} to ${o.max}${o.words ? ` or ${o.words.join(' or ')}` : ''}`);
  if (o.kind === 'number') parts.push(numberRange(o).replace(/^a number /, ''));
  if (o.kind === 'list') parts.push(o.choices ? `comma-separated: ${o.choices.join(', ')}` : 'comma-separated');
  if (o.kind === 'custom') parts.push(o.expected);
  if ('default' in o && o.default !== undefined) parts.push(`default ${o.default}`);
  else if (o.defaultText) parts.push(`default: ${o.defaultText}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}
