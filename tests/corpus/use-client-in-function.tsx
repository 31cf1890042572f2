// expect: errors FW009
// use server is mentioned, so the module is read.
export function Widget() {
  "use client";
  return <div />;
}
