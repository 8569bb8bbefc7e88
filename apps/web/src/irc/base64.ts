/** Base64 of a string's UTF-8 bytes (`btoa` alone takes Latin-1 only). */
export function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** SASL PLAIN's and IRCX AUTH PLAIN's credentials (RFC 4616): `authzid NUL authcid NUL password`. */
export function plainCredentials(account: string, password: string): string {
  return base64Utf8(`${account}\0${account}\0${password}`);
}

/**
 * AUTHENTICATE lines for a payload (IRCv3 SASL): 400-byte chunks, and a lone `+` after a chunk of
 * exactly 400 so the server knows the payload ended.
 */
export function authenticateLines(payload: string): string[] {
  const lines: string[] = [];
  for (let i = 0; i < payload.length; i += 400) lines.push(`AUTHENTICATE ${payload.slice(i, i + 400)}`);
  if (payload.length % 400 === 0) lines.push('AUTHENTICATE +');
  return lines;
}
