// expect: errors FW010
// options: {"defaultExport": true}
"use server";
import { validator } from "./validator";
export default validator(async (input: string) => input);
