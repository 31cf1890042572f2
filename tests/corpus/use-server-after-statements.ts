// expect: errors FW007
export async function archive(id: string) {
  const key = `archive:${id}`;
  "use server";
  return key;
}
