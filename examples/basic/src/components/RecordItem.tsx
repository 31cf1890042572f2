import { useMutation } from "fnwire/query";
import { useState, type FormEvent } from "react";
import { deleteRecord, renameRecord, type RecordItem as Item } from "../api/records.server";
import { ErrorNote } from "./ErrorNote";
import { useRefreshList } from "./recordList";

/** One record of the list, with an inline server function that knows the record's id. */
export function RecordItem({ id, title, createdAt }: Item) {
  // An inline server function (inlineFunctions: "hoist" in vite.config.ts). On
  // the server fnwire hoists it out of the component with `id` as a leading
  // parameter; in the browser it is a stub bound to this record's id, so
  // rename("x") sends [id, "x"]. The id comes from the browser like any
  // argument: renameRecord checks it.
  async function rename(newTitle: string) {
    "use server";
    return renameRecord(id, newTitle);
  }
  const refreshList = useRefreshList();
  const renaming = useMutation(rename, {
    // Back to showing the title once the list has the new one.
    onSuccess: async () => {
      await refreshList.onSuccess();
      setDraft(null);
    },
  });
  const remove = useMutation(deleteRecord, refreshList);
  // The title being typed while renaming; null otherwise.
  const [draft, setDraft] = useState<string | null>(null);

  function save(event: FormEvent) {
    event.preventDefault();
    renaming.mutate(draft ?? "");
  }

  function cancel() {
    setDraft(null);
    renaming.reset(); // a refused title's error goes with the form
  }

  return (
    <li data-testid="record">
      {draft === null ? (
        <>
          <span className="title">{title}</span>
          {/* In UTC: the server's time zone and the browser's may differ, and both render this. */}
          <time dateTime={createdAt}>{new Date(createdAt).toLocaleDateString("en", { timeZone: "UTC" })}</time>
          <button type="button" className="secondary" onClick={() => setDraft(title)} aria-label={`Rename ${title}`}>
            Rename
          </button>
          <button type="button" className="danger" onClick={() => remove.mutate(id)} aria-label={`Delete ${title}`}>
            Delete
          </button>
        </>
      ) : (
        <form onSubmit={save} className="rename">
          <input aria-label={`New title for ${title}`} value={draft} onChange={(event) => setDraft(event.target.value)} autoFocus />
          <button type="submit" disabled={renaming.isPending}>
            Save
          </button>
          <button type="button" className="secondary" onClick={cancel}>
            Cancel
          </button>
        </form>
      )}
      <ErrorNote error={renaming.error ?? remove.error} />
    </li>
  );
}
