// expect: errors FW017
export function Page() {
  function act() {
    "use server";
    return 1;
  }
  return act;
}
