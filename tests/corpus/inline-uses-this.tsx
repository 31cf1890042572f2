// expect: errors FW018
export function Page() {
  return async function act() {
    "use server";
    return this;
  };
}
