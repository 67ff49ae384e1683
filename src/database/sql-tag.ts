/** A statement and its parameters, for `DatabaseService.rows`. */
export interface SqlStatement {
  text: string;
  values: unknown[];
}

/**
 * Parameterised SQL from a template literal, as Prisma's `$queryRaw` builds it: every `${value}` becomes `$n` and
 * travels as a parameter, never as text. For statements sent on the driver below Prisma (the chat path), where the
 * Prisma client's own work per query costs more CPU than the statement.
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlStatement {
  let text = strings[0];
  for (let i = 0; i < values.length; i++) text += `$${i + 1}${strings[i + 1]}`;
  return { text, values };
}
