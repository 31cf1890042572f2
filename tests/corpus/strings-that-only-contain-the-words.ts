// expect: unchanged
export function describe(kind: string) {
  const note = `use server`;
  "use server is a directive";
  return kind + "use server" + note;
}
