import { hydrate, QueryClientProvider } from "@tanstack/react-query";
import { parse } from "devalue";
import { StrictMode } from "react";
import { createRoot, hydrateRoot } from "react-dom/client";
import { App } from "./App";
import { createQueryClient, QUERY_STATE_ID } from "./queryClient";
import "./styles.css";

const queryClient = createQueryClient();
const app = (
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>
);
const container = document.getElementById("root")!;
// The production server renders the page and sends its query cache along;
// Vite's dev server sends the empty page, which the browser renders alone.
const state = document.getElementById(QUERY_STATE_ID)?.textContent;
if (state) {
  // Encoded as the server encoded it (devalue): the records' dates are Dates again.
  hydrate(queryClient, parse(state));
  hydrateRoot(container, app);
} else {
  createRoot(container).render(app);
}
