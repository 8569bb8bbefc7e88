import { type Alias, LineCounter, isAlias, parseDocument, visit } from 'yaml';

export type YamlResult = { ok: true; value: unknown } | { ok: false; problems: string[] };

/**
 * Parses YAML text into plain data, reporting each syntax error as
 * `<file>:<line>:<col>: invalid YAML: <reason>`. Duplicate keys are errors (yaml's default),
 * because the later one silently winning is exactly the kind of typo a config check must catch.
 */
export function parseYaml(text: string, source: string): YamlResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${source}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e) => `${at(e.pos[0])}: invalid YAML: ${e.message}`) };
  }
  try {
    return { ok: true, value: doc.toJS() };
  } catch (err) {
    // toJS() throws (rather than reporting) for an alias without an anchor; find it for a position.
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, problems: [`${at(firstBadAliasOffset(doc) ?? 0)}: invalid YAML: ${reason}`] };
  }
}

function firstBadAliasOffset(doc: ReturnType<typeof parseDocument>): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node: Alias) {
      if (isAlias(node) && node.resolve(doc) === undefined) {
        offset = node.range?.[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return offset;
}
