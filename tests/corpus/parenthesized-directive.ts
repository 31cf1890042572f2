// expect: warnings FW008
("use server");
export async function notAServerFunction() {
  return 1;
}
