"use server";
// Sign-ups of the contact form: a server function with two parameters, so
// useMutation's mutate() takes them as an array, [name, email].
import { ServerError } from "fnwire/server";
import { table } from "../server/store";

export interface User {
  id: string;
  name: string;
  email: string;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const users = table<Omit<User, "id">>("users");

export async function createUser(name: string, email: string): Promise<User> {
  if (typeof name !== "string" || name.trim() === "") {
    throw new ServerError("Tell us your name.", { status: 400, data: { field: "name" } });
  }
  if (typeof email !== "string" || !EMAIL_PATTERN.test(email)) {
    throw new ServerError("That is not an email address we can write to.", { status: 400, data: { field: "email" } });
  }
  return users.insert({ name: name.trim(), email });
}
