import type { z } from 'zod';

/** `creators[1]`, `inPerson.radiusKm`: a field path as people read it. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

/** One problem of a failed input: the field it is about and what was expected there. */
export function problemOf(issue: z.core.$ZodIssue): { path: string; message: string } {
  if (issue.code === 'unrecognized_keys') {
    return { path: fieldPath([...issue.path, issue.keys[0] ?? '']), message: 'unknown field' };
  }
  return { path: fieldPath(issue.path), message: issue.message.replace(/^Invalid input: /, '') };
}

/**
 * A failed input as one sentence per problem, each naming its field:
 * `title: expected at most 200 characters (got 250); limit: expected a whole number from 1 to 50`.
 */
export function inputProblem(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const { path, message } = problemOf(issue);
      return path ? `${path}: ${message}` : message;
    })
    .join('; ');
}
