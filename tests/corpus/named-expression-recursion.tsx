// expect: functions Tree.self(rootId)
export function Tree({ rootId }: { rootId: string }) {
  const countDown = async function self(n: number): Promise<string> {
    "use server";
    return n <= 0 ? rootId : self(n - 1);
  };
  return countDown;
}
