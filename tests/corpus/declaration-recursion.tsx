// expect: functions Tree.walk(rootId)
export function Tree({ rootId }: { rootId: string }) {
  async function walk(depth: number): Promise<string> {
    "use server";
    return depth === 0 ? rootId : walk(depth - 1);
  }
  return walk;
}
