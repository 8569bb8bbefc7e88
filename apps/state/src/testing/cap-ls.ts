/**
 * The capabilities of a `CAP LS` reply that may span lines (CAP 302: every line but the last has
 * `*` before the list): their tokens joined by one space. Throws when a continuation marker is
 * missing or misplaced, so a spec that uses it still checks the framing.
 */
export function capLsList(lines: readonly string[]): string {
  return lines
    .map((line, i) => {
      const match = /^:\S+ CAP \S+ LS (\* )?:(.*)$/.exec(line);
      if (!match) throw new Error(`not a CAP LS line: ${line}`);
      const continued = match[1] !== undefined;
      if (continued !== i < lines.length - 1) throw new Error(`CAP LS continuation marker wrong on line ${i}: ${line}`);
      return match[2] ?? '';
    })
    .join(' ');
}
