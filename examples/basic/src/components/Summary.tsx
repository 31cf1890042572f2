import { useState } from "react";
import { summarizeRecords } from "../api/summary.server";
import { ErrorNote } from "./ErrorNote";

/** The records' summary, shown as the server streams it, part by part. */
export function Summary() {
  const [text, setText] = useState("");
  const [state, setState] = useState<"idle" | "streaming" | "done">("idle");
  const [error, setError] = useState<unknown>(null);

  async function summarize() {
    setText("");
    setError(null);
    setState("streaming");
    try {
      for await (const part of await summarizeRecords()) setText((shown) => shown + part);
      setState("done");
    } catch (caught) {
      setError(caught);
      setState("idle");
    }
  }

  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">Summary</h2>
      <button type="button" onClick={() => void summarize()} disabled={state === "streaming"}>
        Summarize
      </button>
      <p data-testid="summary" data-state={state} aria-live="polite">
        {text}
      </p>
      <ErrorNote error={error} />
    </section>
  );
}
