/**
 * What is wrong with a profile, one readable line per problem:
 * `terminals/ticket-kiosk.json: devices.idReader.transport.baudRate: expected a number, got the string "115200"`.
 */
import type { z } from 'zod';
import { formatPath, valueAt } from './figures.ts';

export interface ProfileProblem {
  /** The file, relative to hardware-profiles/ when it lies inside. */
  file: string;
  /** The field inside the file, such as `devices.idReader.transport`; empty for the whole file. */
  path: string;
  message: string;
}

export function formatProblem(problem: ProfileProblem): string {
  return problem.path === '' ? `${problem.file}: ${problem.message}` : `${problem.file}: ${problem.path}: ${problem.message}`;
}

/** Thrown by the loader; `message` holds every problem, one per line. */
export class ProfileError extends Error {
  readonly problems: readonly ProfileProblem[];

  constructor(problems: readonly ProfileProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ProfileError';
    this.problems = problems;
  }
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'a list',
  null: 'null',
};

/** How a JSON value reads in a message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return 'an object';
}

function oneOf(values: readonly unknown[]): string {
  const quoted = values.map((value) => JSON.stringify(value));
  return quoted.length === 1 ? quoted[0]! : `one of ${quoted.join(', ')}`;
}

type Issue = z.core.$ZodIssue;

function boundMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'array':
      return small ? `must have at least ${bound} item${bound === 1 ? '' : 's'}` : `must have at most ${bound} items`;
    case 'string':
      if (small && bound === 1) return 'must not be empty';
      return small ? `must be at least ${bound} characters` : `must be at most ${bound} characters`;
    default:
      if (small) return inclusive ? `must be at least ${bound}` : `must be greater than ${bound}`;
      return inclusive ? `must be at most ${bound}` : `must be less than ${bound}`;
  }
}

function unionMessage(issue: Extract<Issue, { code: 'invalid_union' }>, value: unknown): string {
  if ('options' in issue && Array.isArray(issue.options)) {
    const expected = `expected ${oneOf(issue.options)}`;
    return value === undefined ? `missing: ${expected}` : `${expected}, got ${describeValue(value)}`;
  }
  // A plain union such as "four hex digits or a number": when the value had the
  // right type for one branch, that branch's own complaint is the useful one.
  const branches = issue.errors as Issue[][];
  const closest = branches.find((branch) => branch.length > 0 && branch[0]!.code !== 'invalid_type');
  if (closest) return messageFor(closest[0]!, value);
  const expected = branches
    .map((branch) => branch[0])
    .filter((first): first is Extract<Issue, { code: 'invalid_type' }> => first?.code === 'invalid_type')
    .map((first) => TYPE_NAMES[first.expected] ?? first.expected);
  return `expected ${[...new Set(expected)].join(' or ')}, got ${describeValue(value)}`;
}

function messageFor(issue: Issue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return value === undefined ? `missing: expected ${expected}` : `expected ${expected}, got ${describeValue(value)}`;
    }
    case 'invalid_value':
      return `expected ${oneOf(issue.values)}, got ${describeValue(value)}`;
    case 'invalid_union':
      return unionMessage(issue, value);
    case 'too_small':
    case 'too_big':
      return boundMessage(issue);
    case 'invalid_format':
      if (issue.format === 'url') return `must be a URL, got ${describeValue(value)}`;
      return issue.message.startsWith('Invalid') ? `has the wrong format, got ${describeValue(value)}` : issue.message;
    case 'invalid_key':
      return `is not a valid name: ${(issue.issues as Issue[]).map((inner) => messageFor(inner, undefined)).join('; ')}`;
    default:
      return issue.message;
  }
}

/** Turns zod's issues for `input` into problems of `file`. */
export function problemsFromIssues(file: string, input: unknown, issues: readonly Issue[]): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const container = valueAt(input, issue.path);
      for (const key of issue.keys) {
        // "baudrate" next to a missing "baudRate" is almost certainly a typo.
        const twin = issues.find(
          (other) =>
            other.code === 'invalid_type' &&
            other.path.length === issue.path.length + 1 &&
            String(other.path.at(-1)).toLowerCase() === key.toLowerCase() &&
            valueAt(container, [other.path.at(-1)!]) === undefined,
        );
        const hint = twin ? `; did you mean "${String(twin.path.at(-1))}"?` : '';
        problems.push({ file, path: formatPath([...issue.path, key]), message: `unknown field${hint}` });
      }
      continue;
    }
    problems.push({ file, path: formatPath(issue.path), message: messageFor(issue, valueAt(input, issue.path)) });
  }
  return problems;
}
