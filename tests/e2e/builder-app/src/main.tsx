import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ServerFunctionError } from "fnwire/client";
import { useMutation, useQuery } from "fnwire/query";
import { useState } from "react";
import { createRoot } from "react-dom/client";
import { getUser, renameUser } from "./api/users.server";

function User() {
  const user = useQuery(getUser, { id: "1" });
  const rename = useMutation(renameUser, { onSuccess: () => user.refetch() });
  const [refused, setRefused] = useState("");
  async function sendNumber() {
    try {
      // What TypeScript refuses, sent anyway: the server's zod says no.
      await getUser({ id: 1 } as unknown as { id: string });
    } catch (error) {
      if (error instanceof ServerFunctionError) setRefused(JSON.stringify({ status: error.status, data: error.data }));
    }
  }
  return (
    <main>
      <p data-testid="user">{user.data ? user.data.name : "loading"}</p>
      <button type="button" onClick={() => rename.mutate({ id: "1", name: "Ada King" })}>
        Rename
      </button>
      <button type="button" onClick={sendNumber}>
        Send a number
      </button>
      <pre data-testid="refused">{refused}</pre>
    </main>
  );
}

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
createRoot(document.getElementById("root")!).render(
  <QueryClientProvider client={queryClient}>
    <User />
  </QueryClientProvider>,
);
