import { ValidationError } from 'class-validator';

/** Deeper JSON than any kefu payload needs; class-transformer recurses and overflows the stack at a few thousand. */
export const MAX_JSON_DEPTH = 32;

/** The largest value of a PostgreSQL `integer` column (sequence numbers, counts): bigger ones are refused, not overflowed. */
export const MAX_INT4 = 2_147_483_647;

// C0 controls and DEL, except tab, line feed and carriage return (text typed on Windows ends lines with \r\n);
// PostgreSQL refuses NUL outright and the others only ever arrive from tools, never from a keyboard
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// a high surrogate not followed by a low one, or a low one not preceded by a high one: not encodable as UTF-8
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What is wrong with a request body, query or socket payload before it reaches validation: nesting deeper than
 * MAX_JSON_DEPTH, and strings (values or keys) carrying control characters or lone UTF-16 surrogates. One error per
 * field, named by its path (`facts.0.name`); empty when the value is fine. Iterative, so hostile depth cannot
 * overflow the stack here either.
 */
export function findHostileInput(value: unknown): ValidationError[] {
  const problems: ValidationError[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0 && problems.length < 20) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      const problem = stringProblem(item.value);
      if (problem) problems.push(fieldError(item.path || 'value', `${item.path || 'value'} ${problem}`));
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= MAX_JSON_DEPTH) {
      problems.push(fieldError(item.path || 'body', `${item.path || 'body'} is nested more than ${MAX_JSON_DEPTH} levels deep`));
      continue;
    }
    for (const [key, child] of Object.entries(item.value)) {
      const path = item.path ? `${item.path}.${key}` : key;
      const keyProblem = stringProblem(key);
      if (keyProblem) problems.push(fieldError(path, `the field name ${JSON.stringify(key)} ${keyProblem}`));
      else stack.push({ value: child, path, depth: item.depth + 1 });
    }
  }
  return problems;
}

function stringProblem(text: string): string | undefined {
  if (CONTROL_CHARACTERS.test(text)) return 'must not contain control characters (only tab and line breaks)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (it holds a lone surrogate)';
  return undefined;
}

function fieldError(property: string, message: string): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints: { safeInput: message }, children: [] });
}
