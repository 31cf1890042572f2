// expect: warnings FW008 FW008
// (this module mentions use server, so the prefilter lets it through)
export async function save() {
  "use sever";
  return 1;
}
export async function load() {
  "use serverr";
  return 2;
}
