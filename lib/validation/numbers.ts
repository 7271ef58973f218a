import { z } from "zod";

// Numbers from JSON and from the CLI's flags and form fields (decimal text). Not z.coerce: it
// reads null, "", false and [] as 0 and true as 1, so a bad value would be saved as a setting.
const decimal = /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*$/;

/** `schema` (a number schema) that also takes a number written in decimal. */
export const numberFrom = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && decimal.test(value) ? Number(value) : value), schema);
