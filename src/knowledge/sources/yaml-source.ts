import { isMap, isScalar, isSeq, LineCounter, Node, parseDocument, YAMLMap } from 'yaml';
import type { KnowledgeProblem } from '../knowledge.types';

/** A YAML file parsed with line numbers, so problems can point at the line a content editor has to fix. */
export class YamlSource {
  readonly problems: KnowledgeProblem[] = [];
  readonly root: Node | null;
  private readonly lines = new LineCounter();

  constructor(
    readonly path: string,
    text: string,
  ) {
    const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    for (const error of doc.errors) this.error(error.message.split('\n')[0], error.pos[0]);
    this.root = doc.errors.length > 0 ? null : (doc.contents as Node | null);
  }

  lineOf(node: Node | null | undefined): number | undefined {
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : this.lines.linePos(offset).line;
  }

  error(message: string, nodeOrOffset?: Node | number | null): void {
    this.problems.push({ path: this.path, line: this.line(nodeOrOffset), message, severity: 'error' });
  }

  warning(message: string, nodeOrOffset?: Node | number | null): void {
    this.problems.push({ path: this.path, line: this.line(nodeOrOffset), message, severity: 'warning' });
  }

  private line(nodeOrOffset?: Node | number | null): number | undefined {
    return typeof nodeOrOffset === 'number' ? this.lines.linePos(nodeOrOffset).line : this.lineOf(nodeOrOffset);
  }
}

export function mapEntries(map: YAMLMap): Array<{ key: string; keyNode: Node; value: Node | null }> {
  return map.items.map((pair) => ({
    key: isScalar(pair.key) ? String(pair.key.value) : String(pair.key),
    keyNode: pair.key as Node,
    value: (pair.value as Node | null) ?? null,
  }));
}

export function scalarString(node: Node | null): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function stringList(node: Node | null): string[] | undefined {
  if (node === null) return [];
  if (isScalar(node) && typeof node.value === 'string') return [node.value.trim()];
  if (!isSeq(node)) return undefined;
  const values = node.items.map((item) => scalarString(item as Node | null));
  return values.every((value): value is string => value !== undefined) ? values.filter((value) => value.length > 0) : undefined;
}

export { isMap, isScalar, isSeq };

/** Closest known key by edit distance, for "unknown key 'anwser' (did you mean 'answer'?)". */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
