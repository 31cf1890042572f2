// expect: warnings FW008
// use server elsewhere: the module is read.
export async function submit() {
  "use action";
  return true;
}
