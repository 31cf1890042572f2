// expect: functions List.act(b, a)
export function List({ a, b }: { a: string; b: string }) {
  const act = async () => {
    "use server";
    return [b, a, b];
  };
  return act;
}
