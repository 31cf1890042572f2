// expect: functions Page.action(id)
export function Page({ id }: { id: string }) {
  return (
    <form
      action={async () => {
        "use server";
        return id;
      }}
    />
  );
}
