// expect: functions Page.act()
export function Page({ id }: { id: string }) {
  const act = async (id: string) => {
    "use server";
    return id;
  };
  return [act, id];
}
