import { useQuery } from "fnwire/query";
import { useEffect, useRef, useState } from "react";
import { useFormStatus } from "react-dom";
import { createRecord, listRecords, type ListInput } from "../api/records.server";
import { ActionErrorBoundary } from "./ActionErrorBoundary";
import { ErrorNote } from "./ErrorNote";
import { FIRST_LIST, useRefreshList } from "./recordList";
import { RecordItem } from "./RecordItem";

export function Records() {
  const [order, setOrder] = useState<ListInput["order"]>(FIRST_LIST.order);
  // A GET per order: /__fnwire/fn?fnId=…&args=[{"order":"oldest"}], cached under [fnId, { order }].
  const records = useQuery(listRecords, { order });

  return (
    <section aria-labelledby="records-title">
      <h2 id="records-title">Records</h2>
      <ActionErrorBoundary>
        {/*
          The server function itself is the form's action. Rendered on the
          server, the form posts to fnwire's form endpoint, so it works before
          (or without) JavaScript; after hydration React calls createRecord
          with the FormData, the file streamed as it is.
        */}
        <form action={createRecord} className="row">
          <label>
            Title <input name="title" required placeholder="What to remember" />
          </label>
          <label>
            Attachment <input name="attachment" type="file" />
          </label>
          <SubmitButton />
        </form>
      </ActionErrorBoundary>
      <label className="order">
        Order
        <select name="order" value={order} onChange={(event) => setOrder(event.target.value as ListInput["order"])}>
          <option value="oldest">Oldest first</option>
          <option value="newest">Newest first</option>
        </select>
      </label>
      <ErrorNote error={records.error} />
      {records.isPending ? (
        <p>Loading records…</p>
      ) : (
        <ul className="records">
          {records.data?.map((record) => (
            <RecordItem key={record.id} {...record} />
          ))}
          {records.data?.length === 0 && <li className="empty">No records yet.</li>}
        </ul>
      )}
    </section>
  );
}

/** The form's button: disabled while the action runs, and the list fetched again when it is done. */
function SubmitButton() {
  const { pending } = useFormStatus();
  const { onSuccess: refreshList } = useRefreshList();
  const wasPending = useRef(false);
  useEffect(() => {
    if (wasPending.current && !pending) void refreshList();
    wasPending.current = pending;
  }, [pending, refreshList]);
  return (
    <button type="submit" disabled={pending}>
      Add record
    </button>
  );
}
