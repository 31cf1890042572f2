// expect: errors FW006
// options: {}
export function Page() {
  const act = async () => {
    "use server";
    return 1;
  };
  return act;
}
