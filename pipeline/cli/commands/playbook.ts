// churn playbook check FILE: validate a playbook and review its rules.
import { UsageError } from '../../errors.ts';
import { checkPlaybook, loadPlaybook } from '../../plan/playbook.ts';
import type { CommandRun } from '../command.ts';
import type { PLAYBOOK } from '../commands.ts';

export const run: CommandRun<typeof PLAYBOOK> = async (ctx, args) => {
  const [verb, file] = args.positionals;
  if (verb !== 'check') throw new UsageError(`unknown playbook command "${verb}" (expected: check)`);
  const playbook = loadPlaybook(file);
  const findings = checkPlaybook(playbook);
  const errors = findings.filter((f) => f.level === 'error').length;
  const text = [
    `${file ?? 'default playbook'}: valid, ${playbook.actions.length} actions on ${Object.keys(playbook.channels).length} channels; ${errors} rule${errors === 1 ? '' : 's'} that can never fire`,
    ...findings.map((f) => `  ${f.level.padEnd(7)} ${f.action}: ${f.message}`),
  ].join('\n');
  return { json: { file: file ?? null, valid: true, actions: playbook.actions.length, findings }, text };
};
