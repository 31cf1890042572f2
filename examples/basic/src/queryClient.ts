import { QueryClient } from "@tanstack/react-query";

/** The app's QueryClient, the same in the browser and for each server render. */
export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A failed call shows its error at once; a tab coming back into focus does not count as a visit.
        retry: false,
        refetchOnWindowFocus: false,
        // Data rendered on the server is fresh when the page hydrates: no second request for it right away.
        staleTime: 10_000,
      },
    },
  });
}

/** The id of the <script type="application/json"> holding the server's query cache. */
export const QUERY_STATE_ID = "query-state";
