// expect: errors FW005
"use client";
export function Form() {
  const submit = async () => {
    "use server";
    return 1;
  };
  return <form action={submit} />;
}
