// Reading a request body, whichever adapter holds it: counted as it
// arrives (a Content-Length is the client's claim, not a fact) and stopped
// at the limit without reading the rest.

/** What reading a body answers instead of completing: it passed its limit, or could not be read. */
export const TOO_LARGE = Symbol("too large");
export const UNREADABLE = Symbol("unreadable");

/**
 * The whole body's bytes through an adapter's `streamBody(budget, onChunk)`,
 * or TOO_LARGE or UNREADABLE.
 */
export async function collectBody(streamBody, limit) {
  const chunks = [];
  const budget = { limit, size: 0 };
  const outcome = await streamBody(budget, (chunk) => chunks.push(chunk));
  if (outcome !== null) return outcome;
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(budget.size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
