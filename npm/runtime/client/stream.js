// Reading a streamed result (section 14): `application/vnd.fnwire-stream`,
// one encoded frame per line: { value } for each chunk, then { done: true },
// or the error envelope { error, status, data? } when the stream failed.
import { decode, STREAM_KIND_HEADER } from "../wire.js";
import { ServerFunctionError, unreachable } from "./errors.js";

/**
 * The chunks of a streamed answer, as they arrive: a ReadableStream when
 * the server function returned one (header `X-Fnwire-Stream: readable`),
 * else an async iterable. Either way, stopping early (`break`, `cancel()`)
 * closes the response, which ends the server's iteration.
 */
export function readStream(response, fnId) {
  const reader = response.body.getReader();
  const frames = readFrames(reader, fnId);
  if (response.headers.get(STREAM_KIND_HEADER) !== "readable") return frames;
  const stream = new ReadableStream({
    async pull(controller) {
      try {
        const { value, done } = await frames.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      // A pull may be waiting for the next chunk: stop reading at once, then end the frames.
      reader.cancel().catch(() => {});
      await frames.return();
    },
  });
  // Browsers without async iteration of ReadableStream (Safari) still get `for await`.
  if (typeof stream[Symbol.asyncIterator] !== "function") stream[Symbol.asyncIterator] = () => frames;
  return stream;
}

async function* readFrames(reader, fnId) {
  const decoder = new TextDecoder();
  let buffered = "";
  let finished = false;
  try {
    for (;;) {
      let newline = buffered.indexOf("\n");
      while (newline === -1) {
        let chunk;
        try {
          chunk = await reader.read();
        } catch (cause) {
          throw unreachable(fnId, cause);
        }
        if (chunk.done) {
          throw new ServerFunctionError(`[fnwire] The stream of server function ${fnId} ended before the server finished it.`, {
            status: 0,
            fnId,
          });
        }
        buffered += decoder.decode(chunk.value, { stream: true });
        newline = buffered.indexOf("\n");
      }
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      const frame = readFrame(line, fnId);
      if (frame.done === true) {
        finished = true;
        return;
      }
      if (typeof frame.error === "string") {
        finished = true;
        throw new ServerFunctionError(frame.error, { status: frame.status, fnId, data: frame.data });
      }
      yield frame.value;
    }
  } finally {
    // Stopped early, or failed: let the server know by closing the response.
    if (!finished) reader.cancel().catch(() => {});
  }
}

function readFrame(line, fnId) {
  try {
    const frame = decode(line);
    if (frame !== null && typeof frame === "object") return frame;
  } catch {}
  throw new ServerFunctionError(`[fnwire] Server function ${fnId} streamed a frame it cannot read.`, { status: 200, fnId });
}
