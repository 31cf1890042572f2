// expect: functions Page.act(user)
import { db } from "./db";
const table = "items";
export function Page({ user }: { user: string }) {
  const act = async () => {
    "use server";
    return db.read(table, user, Math.random());
  };
  return act;
}
