import { ServerFunctionError } from "fnwire/client";

/** Shows a failed call: the server's message, its HTTP status and the data it sent along. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  if (!(error instanceof ServerFunctionError)) {
    return (
      <p role="alert" className="error">
        {error instanceof Error ? error.message : String(error)}
      </p>
    );
  }
  return (
    <p role="alert" className="error">
      <strong>{error.message}</strong> <span className="status">status {error.status}</span>
      {error.data !== undefined && <code className="data">{JSON.stringify(error.data)}</code>}
    </p>
  );
}
