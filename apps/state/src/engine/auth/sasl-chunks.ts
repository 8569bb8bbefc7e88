/**
 * The framing of SASL responses over AUTHENTICATE (IRCv3 sasl-3.1): a base64 response goes in
 * 400-byte chunks, one per line; a chunk shorter than 400 bytes ends it; an empty response, or
 * the end after a final chunk of exactly 400 bytes, is `+`. Pure functions; the handler keeps
 * the partial buffer.
 */

/** The size of a full chunk, and the longest parameter a client may send (longer → 905). */
export const SASL_CHUNK_BYTES = 400;

/**
 * The longest reassembled response accepted ("The server MAY place a limit on the total length"):
 * 8 KiB of base64 is far more than PLAIN needs (255-byte names and password) and stays small.
 */
export const SASL_MAX_RESPONSE_BYTES = 8192;

export type ChunkResult =
  /** More chunks follow: keep `buffer`. */
  | { type: 'more'; buffer: string }
  /** The response is complete: `data` is its base64 text ('' for an empty response). */
  | { type: 'done'; data: string }
  /** A chunk over 400 bytes, or a response over the limit: 905, and the exchange ends. */
  | { type: 'too-long' };

/** Adds one `AUTHENTICATE <chunk>` parameter to the response received so far. */
export function appendSaslChunk(buffer: string, chunk: string): ChunkResult {
  if (Buffer.byteLength(chunk) > SASL_CHUNK_BYTES) return { type: 'too-long' };
  if (chunk === '+') return { type: 'done', data: buffer };
  const data = buffer + chunk;
  if (Buffer.byteLength(data) > SASL_MAX_RESPONSE_BYTES) return { type: 'too-long' };
  return chunk.length === SASL_CHUNK_BYTES ? { type: 'more', buffer: data } : { type: 'done', data };
}

/** The AUTHENTICATE parameters that carry a server challenge (already base64, or '+' for empty). */
export function splitSaslResponse(data: string): string[] {
  if (data === '' || data === '+') return ['+'];
  const chunks: string[] = [];
  for (let i = 0; i < data.length; i += SASL_CHUNK_BYTES) chunks.push(data.slice(i, i + SASL_CHUNK_BYTES));
  if (data.length % SASL_CHUNK_BYTES === 0) chunks.push('+');
  return chunks;
}
