import { useMutation } from "fnwire/query";
import { useState, type FormEvent } from "react";
import { createUser } from "../api/users.server";
import { ErrorNote } from "./ErrorNote";

/** createUser(name, email) takes two parameters, so mutate() takes them as an array. */
export function ContactForm() {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const signUp = useMutation(createUser);

  function submit(event: FormEvent) {
    event.preventDefault();
    signUp.mutate([name, email]);
  }

  // What a single value instead of the array does: fnwire rejects the call
  // before sending anything, with a message that says what mutate() needs.
  // (TypeScript rejects it too, hence the cast.)
  function sendNameOnly() {
    signUp.mutate(name as unknown as [string, string]);
  }

  return (
    <section aria-labelledby="contact-title">
      <h2 id="contact-title">Contact</h2>
      <form onSubmit={submit} className="row">
        <label>
          Name <input name="name" value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label>
          Email <input name="email" value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <button type="submit" disabled={signUp.isPending}>
          Sign up
        </button>
        <button type="button" className="secondary" onClick={sendNameOnly}>
          Try mutate(name)
        </button>
      </form>
      {signUp.isSuccess && (
        <p className="success" data-testid="signed-up">
          Thanks, {signUp.data.name}! We will write to {signUp.data.email}.
        </p>
      )}
      <ErrorNote error={signUp.error} />
    </section>
  );
}
