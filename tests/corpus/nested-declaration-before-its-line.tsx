// expect: functions Page.deleteItem(id)
export function Page({ id }: { id: string }) {
  return <form action={deleteItem} />;
  async function deleteItem() {
    "use server";
    return id;
  }
}
