// Shared helpers of the benchmarks: percentiles, machine facts, and docs/PERFORMANCE.md.
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function summarize(latenciesMs: number[]) {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

/** Replaces the section between `<!-- name -->` and `<!-- /name -->` of a file in docs/, or appends it. */
export function writeDocSection(root: string, fileName: string, header: string, name: string, body: string) {
  const file = path.join(root, "docs", fileName);
  const current = existsSync(file) ? readFileSync(file, "utf8") : header;
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const section = `${start}\n${body.trim()}\n${end}`;
  const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
  const next = pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  // Formatted as `npm test` checks it (prettier --check), tables included.
  execFileSync(path.join(root, "node_modules", ".bin", "prettier"), ["--write", file], { stdio: "ignore" });
}

/** A benchmark's section of docs/PERFORMANCE.md. */
export function writePerformanceSection(root: string, name: string, body: string) {
  writeDocSection(
    root,
    "PERFORMANCE.md",
    "# Performance\n\nFigures measured on our machines by `npm run bench:*`. Each section is rewritten by its benchmark.\n",
    name,
    body,
  );
}

/** Runs the CLI (or another script) in one Node process (tsx as a loader), sampling its resident memory (VmHWM). */
export async function runCli<T>(root: string, args: string[], databaseUrl: string, script = "cli/main.ts") {
  const started = performance.now();
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script, ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let peak = 0;
  const sampler = setInterval(async () => {
    const status = await readFile(`/proc/${child.pid}/status`, "utf8").catch(() => "");
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    if (match) peak = Math.max(peak, Number(match[1]) * 1024);
  }, 100);
  let stdout = "";
  child.stdout.on("data", (d) => (stdout += d));
  const [code] = (await once(child, "exit")) as [number];
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${args[0]} failed (${code}): ${stdout}`);
  return { result: JSON.parse(stdout) as T, seconds, peakRssMb: round(peak / 2 ** 20) };
}
