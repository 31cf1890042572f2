import { useMutation } from "fnwire/query";
import { useState, type FormEvent } from "react";
import { subscribe } from "../api/newsletter.server";
import { ErrorNote } from "./ErrorNote";

/** subscribe is built by the app's action(schema, fn) wrapper: zod checks the address on the server. */
export function Newsletter() {
  const [email, setEmail] = useState("");
  const join = useMutation(subscribe);

  function submit(event: FormEvent) {
    event.preventDefault();
    // No check here either: a refused address comes back as 400 with zod's issues.
    join.mutate({ email });
  }

  return (
    <section aria-labelledby="newsletter-title">
      <h2 id="newsletter-title">Newsletter</h2>
      <form onSubmit={submit} className="row">
        <label>
          Address <input name="address" value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <button type="submit" disabled={join.isPending}>
          Subscribe
        </button>
      </form>
      {join.isSuccess && (
        <p className="success" data-testid="subscribed">
          Subscribed {join.data.email}. Subscribers: {join.data.subscribers}.
        </p>
      )}
      <ErrorNote error={join.error} />
    </section>
  );
}
