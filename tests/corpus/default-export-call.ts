// expect: functions default()
"use server";
import { validator } from "./validator";
export default validator(async (input: string) => input);
