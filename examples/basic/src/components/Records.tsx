import { useMutation, useQuery } from "fnwire/query";
import { useState, type FormEvent } from "react";
import { createRecord, listRecords, type ListInput } from "../api/records.server";
import { ErrorNote } from "./ErrorNote";
import { FIRST_LIST, useRefreshList } from "./recordList";
import { RecordItem } from "./RecordItem";

export function Records() {
  const [title, setTitle] = useState("");
  const [order, setOrder] = useState<ListInput["order"]>(FIRST_LIST.order);
  // A GET per order: /__fnwire/fn?fnId=…&args=[{"order":"oldest"}], cached under [fnId, { order }].
  const records = useQuery(listRecords, { order });
  const refreshList = useRefreshList();
  const create = useMutation(createRecord, refreshList);

  function submit(event: FormEvent) {
    event.preventDefault();
    // No check here: the server validates, and its 400 shows below the form.
    create.mutate(title, { onSuccess: () => setTitle("") });
  }

  return (
    <section aria-labelledby="records-title">
      <h2 id="records-title">Records</h2>
      <form onSubmit={submit} className="row">
        <label>
          Title <input name="title" value={title} onChange={(event) => setTitle(event.target.value)} placeholder="What to remember" />
        </label>
        <button type="submit" disabled={create.isPending}>
          Add record
        </button>
        <label className="order">
          Order
          <select name="order" value={order} onChange={(event) => setOrder(event.target.value as ListInput["order"])}>
            <option value="oldest">Oldest first</option>
            <option value="newest">Newest first</option>
          </select>
        </label>
      </form>
      <ErrorNote error={create.error ?? records.error} />
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
