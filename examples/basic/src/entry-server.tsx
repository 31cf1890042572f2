// The server render of the production server (server.mjs): the records are
// fetched here, in the server's own process, and rendered into the HTML;
// the browser then hydrates the same markup with the same data.
import { dehydrate, QueryClientProvider, type DehydratedState } from "@tanstack/react-query";
import { getFnQueryOptions } from "fnwire/client";
import { StrictMode } from "react";
import { renderToString } from "react-dom/server";
import { listRecords } from "./api/records.server";
import { App } from "./App";
import { FIRST_LIST } from "./components/recordList";
import { createQueryClient } from "./queryClient";

export interface Rendered {
  /** The markup of <App />, for <div id="root">. */
  html: string;
  /** The query cache, for the browser's hydrate(). */
  state: DehydratedState;
}

export async function render(): Promise<Rendered> {
  const queryClient = createQueryClient();
  // In this build listRecords is the function itself: fnwire calls it directly
  // (zod checks the input as for a call over HTTP), under the query key that
  // <Records /> uses in the browser for the same input.
  await queryClient.prefetchQuery(getFnQueryOptions(listRecords, FIRST_LIST));
  const html = renderToString(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
  const state = dehydrate(queryClient);
  queryClient.clear();
  return { html, state };
}
