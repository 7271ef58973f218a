// npm run bench:import: rows per second and peak memory of `import` (the CLI, streaming)
// on 100,000 and 1,000,000 generated prompt lines and on the real Self-Instruct set,
// beside PostgreSQL's COPY FROM of the same rows in the same run.
// Settings (env): BENCH_IMPORT_LINES (1000000).
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, chmod } from "node:fs/promises";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { randomUUID, createHash } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "../../lib/server/db/migrate";
import { freePort, startEmbeddedPostgres } from "../lib/embedded-postgres";
import { sharedData } from "../../tests/support/shared-data";
import { machine, round, runCli, writePerformanceSection } from "./report";

const root = path.resolve(__dirname, "..", "..");
const LINES = Number(process.env.BENCH_IMPORT_LINES ?? 1_000_000);
// The public Self-Instruct release beside the project; a plain clone has none (then skipped).
const selfInstruct = sharedData("self-instruct");
const data = selfInstruct.dir;
type CliRun = Awaited<ReturnType<typeof runCli<{ imported: number }>>>;

const promptOf = (n: number) =>
  `Benchmark prompt ${n}: explain, in two short paragraphs, why the number ${n} is interesting.`;

async function writeLines(file: string, count: number, line: (n: number) => string) {
  const out = createWriteStream(file);
  for (let n = 0; n < count; n += 1) {
    if (!out.write(`${line(n)}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

async function createProject(client: pg.Client, slug: string, kind: string, min: number, max: number) {
  const id = randomUUID();
  await client.query(
    `INSERT INTO projects (id, slug, name, kind, overlap, min_completions, max_completions, flags, updated_at)
     VALUES ($1, $2, $2, $3, 1, $4, $5, '{}', now())`,
    [id, slug, kind, min, max],
  );
  return id;
}

/** COPY FROM of the rows the import writes for the same lines: items and their slots. */
async function copyBaseline(client: pg.Client, dir: string, projectId: string, count: number) {
  const itemsCsv = path.join(dir, "items.csv");
  const slotsCsv = path.join(dir, "slots.csv");
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const ids: string[] = [];
  await writeLines(itemsCsv, count, (n) => {
    const id = randomUUID();
    ids.push(id);
    const messages = JSON.stringify([{ role: "user", content: promptOf(n) }]);
    const hash = createHash("sha256").update(messages).digest("hex");
    return [id, projectId, `p${n}`, hash, quote(messages), "{}", 0].join(",");
  });
  await writeLines(slotsCsv, count, (n) => [randomUUID(), ids[n], projectId, 0].join(","));
  // The server reads the files itself (it runs as another user).
  await chmod(dir, 0o755);
  await chmod(itemsCsv, 0o644);
  await chmod(slotsCsv, 0o644);
  const started = performance.now();
  await client.query(
    `COPY items (id, project_id, external_id, content_hash, messages, metadata, priority) FROM '${itemsCsv}' WITH (FORMAT csv)`,
  );
  await client.query(`COPY slots (id, item_id, project_id, index) FROM '${slotsCsv}' WITH (FORMAT csv)`);
  return (performance.now() - started) / 1000;
}

/** The admin items list (its query: lib/server/items/item-queries.ts, itemListPage) on the largest project: first page, a deep page, a filter. */
async function measurePaging(client: pg.Client, slug: string) {
  const { rows } = await client.query<{ id: string; n: number; deep: string }>(
    `SELECT p.id, count(i.id)::int AS n, (percentile_disc(0.9) WITHIN GROUP (ORDER BY i.seq))::text AS deep
       FROM projects p JOIN items i ON i.project_id = p.id WHERE p.slug = $1 GROUP BY p.id`,
    [slug],
  );
  const { id, n, deep } = rows[0]!;
  const sql = (await readFile(path.join(root, "lib", "server", "items", "item-queries.ts"), "utf8")).match(
    /`(SELECT i\.id[\s\S]*?LIMIT \$6)`/,
  )![1]!;
  const time = async (params: unknown[]) => {
    await client.query(sql, params);
    const started = performance.now();
    for (let i = 0; i < 5; i += 1) await client.query(sql, params);
    return round((performance.now() - started) / 5);
  };
  return {
    items: n,
    firstMs: await time([id, null, null, null, null, 51, null, null]),
    deepMs: await time([id, null, null, null, deep, 51, null, null]),
    filteredMs: await time([id, "open", false, false, deep, 51, null, null]),
  };
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rlhf-bench-import-"));
  const server = await startEmbeddedPostgres({
    dir: path.join(dir, "pg"),
    port: await freePort(),
    persistent: false,
    quiet: true,
  });
  try {
    await server.createDatabaseIfMissing("bench");
    const url = server.url("bench");
    await applyMigrations(url, path.join(root, "prisma", "migrations"));
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => {}); // the server stops under it at the end
    await client.connect();
    const pgVersion = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;

    const sizes = [...new Set([Math.min(100_000, LINES), LINES])];
    const runs: {
      lines: number;
      rowsPerSecond: number;
      seconds: number;
      peakRssMb: number;
      copyRowsPerSecond: number;
    }[] = [];
    let paging: { firstMs: number; deepMs: number; filteredMs: number; items: number } | null = null;
    for (const size of sizes) {
      console.log(`${size.toLocaleString("en")} lines: writing the file…`);
      const file = path.join(dir, `prompts-${size}.jsonl`);
      await writeLines(file, size, (n) => JSON.stringify({ id: `p${n}`, prompt: promptOf(n) }));
      const slug = `bench-import-${size}`;
      await createProject(client, slug, "demonstration", 0, 9);
      console.log("  import (CLI)…");
      const run = await runCli<{ imported: number }>(
        root,
        ["import", "--project", slug, "--file", file, "--format", "prompts"],
        url,
      );
      if (run.result.imported !== size) throw new Error(`imported ${run.result.imported} of ${size}`);
      console.log(`  COPY FROM of the same rows…`);
      const copyProject = await createProject(client, `bench-copy-${size}`, "demonstration", 0, 9);
      const copySeconds = await copyBaseline(client, dir, copyProject, size);
      runs.push({
        lines: size,
        seconds: round(run.seconds),
        rowsPerSecond: Math.round(size / run.seconds),
        peakRssMb: run.peakRssMb,
        copyRowsPerSecond: Math.round(size / copySeconds),
      });
      await rm(file);
      if (size === LINES) paging = await measurePaging(client, slug);
    }

    let real: { seed: CliRun; joined: CliRun } | null = null;
    if (selfInstruct.present) {
      console.log("Self-Instruct (real data)…");
      await createProject(client, "si-seed", "demonstration", 0, 9);
      const seed = await runCli<{ imported: number }>(
        root,
        ["import", "--project", "si-seed", "--file", path.join(data, "seed_tasks.jsonl")],
        url,
      );
      await createProject(client, "si-rank", "ranking", 2, 9);
      const joined = await runCli<{ imported: number }>(
        root,
        [
          "import",
          "--project",
          "si-rank",
          "--file",
          path.join(data, "user_oriented_instructions.jsonl"),
          "--predictions",
          path.join(data, "predictions"),
        ],
        url,
      );
      real = { seed, joined };
    } else console.log(`Self-Instruct (real data) ${selfInstruct.skipNote}`);
    await client.end();

    console.log(JSON.stringify({ runs, ...real }, null, 2));
    const rows = runs
      .map(
        (r) =>
          `| ${r.lines.toLocaleString("en")} prompt lines | ${r.seconds} | ${r.rowsPerSecond.toLocaleString("en")} | ${r.copyRowsPerSecond.toLocaleString("en")} | ${Math.round((100 * r.rowsPerSecond) / r.copyRowsPerSecond)}% | ${r.peakRssMb} |`,
      )
      .join("\n");
    writePerformanceSection(
      root,
      "bench:import",
      `## Import (\`npm run bench:import\`)

Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}, PostgreSQL ${pgVersion} (embedded), everything on one machine.
The CLI (\`import --format prompts\`, one Node process, started cold) streams a generated JSONL file into a demonstration
project (overlap 1: each line becomes an item and a slot, in one all-or-nothing transaction). Peak RSS is the CLI
process's high-water mark (VmHWM). Baseline: PostgreSQL's \`COPY FROM\` (server-side, CSV) of the same item and slot rows,
in the same run; the CLI also parses and checks every line, hashes it and skips duplicates, which COPY does not.

| input | seconds | rows/s | COPY rows/s | share of COPY | peak RSS MB |
|---|---|---|---|---|---|
${rows}
${
  real
    ? `| Self-Instruct seed tasks (175) | ${round(real.seed.seconds)} | ${Math.round(real.seed.result.imported / real.seed.seconds)} | | | ${real.seed.peakRssMb} |
| Self-Instruct 252 instructions × 8 models (ranking) | ${round(real.joined.seconds)} | ${Math.round(real.joined.result.imported / real.joined.seconds)} | | | ${real.joined.peakRssMb} |`
    : "| Self-Instruct (real data) | not run: ../shared/data absent | | | | |"
}

${
  paging
    ? `Admin items list on the ${paging.items.toLocaleString("en")}-item project (\`itemListPage\` in \`lib/server/items/item-queries.ts\`, keyset paging, 50 rows,
mean of 5): first page ${paging.firstMs} ms, a page 90% deep ${paging.deepMs} ms, the same page filtered by status and flags ${paging.filteredMs} ms.

`
    : ""
}Target (issue 4): at least 30% of COPY's rate, with memory flat (under 300 MB RSS) whatever the file size. The small
real files are dominated by process start-up (about half a second).`,
    );
    console.log("Wrote docs/PERFORMANCE.md");
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
