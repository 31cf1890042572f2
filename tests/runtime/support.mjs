// Helpers of the runtime tests.
import assert from "node:assert/strict";

/** Resolves to what `promise` rejects with, failing when it resolves. */
export async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("expected a rejection");
}
