// Writes an export to files: F (or one file per split part) and F.manifest.json.
// (Issue 11 moves this into lib/server, where the CLI and tests call it.)
import { createWriteStream } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "@/cli/args";
import { showsProgress } from "@/cli/io";
import { exportFiltersOf, type ExportOptions } from "@/lib/validation/exports";

export async function writeExportFiles({ slug, out, options }: { slug: string; out: string; options: ExportOptions }) {
  const { format, split } = options;
  const { recordedExport } = await import("@/lib/server/export/record-export");
  // With a split, one file per part: data.jsonl -> data.train.jsonl, data.test.jsonl.
  const fileOf = (part: string) => {
    if (!part) return out;
    const ext = path.extname(out);
    return `${out.slice(0, out.length - ext.length)}.${part}${ext || ".jsonl"}`;
  };
  const files = new Map((split ?? [{ name: "" }]).map((p) => [p.name, fileOf(p.name)]));
  // Written beside the target and renamed at the end: a failed export leaves no half file.
  const streams = new Map<string, ReturnType<typeof createWriteStream>>();
  const cleanUp = async () => {
    for (const [part, stream] of streams) {
      stream.destroy();
      await rm(`${files.get(part)}.partial`, { force: true });
    }
  };
  for (const [part, file] of files) {
    const stream = createWriteStream(`${file}.partial`);
    streams.set(part, stream);
    try {
      await new Promise<void>((resolve, reject) => {
        stream.once("open", () => resolve());
        stream.once("error", (error) =>
          reject(new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`)),
        );
      });
    } catch (error) {
      await cleanUp();
      throw error;
    }
  }
  try {
    const manifest = await recordedExport(
      slug,
      format,
      (part) => streams.get(part) ?? null,
      null,
      out,
      undefined,
      exportFiltersOf(options),
    );
    for (const [part, stream] of streams) {
      await new Promise<void>((resolve, reject) =>
        stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
      await rename(`${files.get(part)}.partial`, files.get(part)!);
    }
    streams.clear();
    const written = split ? Object.fromEntries(files) : out;
    await writeFile(`${out}.manifest.json`, `${JSON.stringify({ ...manifest, file: out, files: written }, null, 2)}\n`);
    if (showsProgress()) process.stderr.write(`${manifest.rows.toLocaleString("en")} rows written\n`);
    return { ...manifest, file: out, files: written, manifestFile: `${out}.manifest.json` };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
