// expect: functions Page.save(id) Page.save.check(id, name)
export function Page({ id }: { id: string }) {
  async function save(name: string) {
    "use server";
    const check = async () => {
      "use server";
      return id + name;
    };
    return check();
  }
  return save;
}
