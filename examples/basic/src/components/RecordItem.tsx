import { useMutation } from "fnwire/query";
import { useActionState, useEffect, useState } from "react";
import { deleteRecord, renameFromForm, type RecordItem as Item, type RenameState } from "../api/records.server";
import { ErrorNote } from "./ErrorNote";
import { useRefreshList } from "./recordList";

/** One record of the list, with an inline server function that knows the record's id. */
export function RecordItem({ id, title, createdAt, attachment }: Item) {
  // An inline server function (inlineFunctions: "hoist" in vite.config.ts). On
  // the server fnwire hoists it out of the component with `id` as a leading
  // parameter; in the browser it is a stub bound to this record's id, so the
  // form's call sends [id, state, formData]. The id comes from the browser
  // like any argument: renameRecord checks it.
  async function rename(previous: RenameState, form: FormData): Promise<RenameState> {
    "use server";
    return renameFromForm(id, form);
  }
  // useActionState calls rename(previous state, the form's FormData); a
  // refused title comes back as the state and shows beside the field.
  const [renamed, renameAction, renaming] = useActionState(rename, {});
  const refreshList = useRefreshList();
  const remove = useMutation(deleteRecord, refreshList);
  const [editing, setEditing] = useState(false);

  // Back to showing the title once the list has the new one.
  useEffect(() => {
    if (renamed.title === undefined) return;
    void refreshList.onSuccess().then(() => setEditing(false));
  }, [renamed]);

  return (
    <li data-testid="record">
      {editing ? (
        <form action={renameAction} className="rename">
          <input name="title" aria-label={`New title for ${title}`} defaultValue={title} autoFocus aria-invalid={Boolean(renamed.error)} />
          <button type="submit" disabled={renaming}>
            Save
          </button>
          <button type="button" className="secondary" onClick={() => setEditing(false)}>
            Cancel
          </button>
          {renamed.error && (
            <span role="alert" className="field-error">
              {renamed.error}
            </span>
          )}
        </form>
      ) : (
        <>
          <span className="title">{title}</span>
          {attachment && (
            <span className="attachment" data-testid="attachment">
              {attachment.name} ({formatSize(attachment.size)})
            </span>
          )}
          <CreatedAt date={createdAt} />
          <button type="button" className="secondary" onClick={() => setEditing(true)} aria-label={`Rename ${title}`}>
            Rename
          </button>
          <button type="button" className="danger" onClick={() => remove.mutate(id)} aria-label={`Delete ${title}`}>
            Delete
          </button>
        </>
      )}
      <ErrorNote error={remove.error} />
    </li>
  );
}

/**
 * The creation time, a Date from the server, in the user's locale and time
 * zone. The server renders it in UTC; the browser, once it runs, in its own.
 */
function CreatedAt({ date }: { date: Date }) {
  const [local, setLocal] = useState(false);
  useEffect(() => setLocal(true), []);
  return (
    <time dateTime={date.toISOString()} data-testid="created-at">
      {local ? date.toLocaleString() : date.toLocaleString("en", { timeZone: "UTC" })}
    </time>
  );
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KiB`;
}
