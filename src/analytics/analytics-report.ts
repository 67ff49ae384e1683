const DAY_MS = 24 * 60 * 60 * 1000;

/** [from, to) of a report: whole UTC days; `to` is inclusive as a date, so it moves to the next midnight. */
export function reportRange(from: Date | undefined, to: Date | undefined, now = new Date()): { from: Date; to: Date } {
  const end = to ? new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate()) + DAY_MS) : now;
  const start = from ? new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate())) : new Date(end.getTime() - 30 * DAY_MS);
  return { from: start, to: end };
}

export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null;
}
