// The CLI's one argument parser: what a command line may say, and the refusals users see.
import { describe, expect, it } from "vitest";
import { HELP, parseOptions, UsageError } from "@/cli/args";

const specs = {
  email: { type: "string", value: "E", required: true, help: "" },
  name: { type: "string", value: "N", help: "" },
  "skip-invalid": { type: "boolean", help: "" },
} as const;

const refusal = (args: string[]) => {
  try {
    parseOptions(args, specs);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`parsed ${JSON.stringify(args)}`);
};

describe("parseOptions", () => {
  it("reads --name value, --name=value and boolean flags; a flag left out is false", () => {
    expect(parseOptions(["--email", "a@b.example", "--name=Ann Lee", "--skip-invalid"], specs)).toEqual({
      email: "a@b.example",
      name: "Ann Lee",
      "skip-invalid": true,
    });
    expect(parseOptions(["--email=a@b.example"], specs)).toEqual({
      email: "a@b.example",
      name: undefined,
      "skip-invalid": false,
    });
  });

  it("keeps a value that starts with one dash or holds an equals sign", () => {
    expect(parseOptions(["--email", "-1", "--name", "a=b"], specs)).toMatchObject({ email: "-1", name: "a=b" });
  });

  it("refuses an unknown option and names the ones the command takes", () => {
    expect(refusal(["--email", "a@b.example", "--bogus", "1"])).toBe(
      "Unknown option --bogus (this command takes --email, --name, --skip-invalid)",
    );
    expect(refusal(["-x"])).toMatch(/^Unknown option -x /);
    // Not an inherited property of every object either.
    expect(refusal(["--constructor", "x"])).toMatch(/^Unknown option --constructor /);
  });

  it("refuses an option without its value: at the end, or followed by another option", () => {
    expect(refusal(["--email"])).toBe("--email needs a value (--email E)");
    expect(refusal(["--name", "--email", "a@b.example"])).toBe("--name needs a value (--name N)");
  });

  it("refuses an option given twice instead of keeping one of them", () => {
    expect(refusal(["--email", "a@b.example", "--email", "c@d.example"])).toBe("--email is given twice");
    expect(refusal(["--email", "a@b.example", "--skip-invalid", "--skip-invalid"])).toBe(
      "--skip-invalid is given twice",
    );
  });

  it("refuses a value given to a flag, and a bare argument", () => {
    expect(refusal(["--email", "a@b.example", "--skip-invalid=false"])).toBe("--skip-invalid takes no value");
    expect(refusal(["--email", "a@b.example", "extra"])).toBe(
      'unexpected argument "extra" (values follow their option: --name value)',
    );
    expect(refusal(["--email", "a@b.example", "--"])).toMatch(/^unexpected argument "--"/);
  });

  it("refuses a required option that is missing or empty, after checking what was given", () => {
    expect(refusal([])).toBe("missing --email");
    expect(refusal(["--email", ""])).toBe("missing --email");
    expect(refusal(["--email="])).toBe("missing --email");
    expect(refusal(["--name", "x", "--bogus"])).toMatch(/^Unknown option --bogus/);
  });

  it("answers --help or -h wherever it stands, before any refusal", () => {
    expect(parseOptions(["--help"], specs)).toBe(HELP);
    expect(parseOptions(["--bogus", "-h"], specs)).toBe(HELP);
    expect(parseOptions(["--email", "a@b.example", "--help"], specs)).toBe(HELP);
  });
});
