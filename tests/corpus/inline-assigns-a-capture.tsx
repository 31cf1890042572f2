// expect: errors FW019
export function Page() {
  let count = 0;
  return async () => {
    "use server";
    count += 1;
  };
}
