import { useQueryClient } from "@tanstack/react-query";
import { getFnQueryKey } from "fnwire/client";
import { listRecords, type ListInput } from "../api/records.server";

/**
 * What <Records /> first asks listRecords for. The server render prefetches
 * the same input, so the browser finds the records under the same query key.
 */
export const FIRST_LIST: ListInput = { order: "oldest" };

/** Mutation options that fetch the record list again after a change, in whichever orders it is cached. */
export function useRefreshList() {
  const queryClient = useQueryClient();
  // Every query key of listRecords starts with the function's id: [id] matches them all.
  const [listId] = getFnQueryKey(listRecords, FIRST_LIST);
  return { onSuccess: () => queryClient.invalidateQueries({ queryKey: [listId] }) };
}
