/**
 * Echoing client input back in a numeric's middle param is only safe when it is one word: a space,
 * a leading ':' or an empty string would break the line (the serialiser refuses them). Like ergo's
 * `SafeErrorParam`, such input is replaced with `*`.
 */
export function safeParam(input: string): string {
  return input === '' || input.includes(' ') || input.startsWith(':') ? '*' : input;
}
