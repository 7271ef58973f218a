// Computes the SQL that takes the database built by prisma/migrations to the state that
// prisma/schema.prisma describes, with Prisma's schema engine compiled to WebAssembly
// (the native engine cannot be downloaded on offline machines). An empty result proves
// that the schema and the migrations agree.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineGlue from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import { readMigrations } from "../../lib/server/db/migrate";

// Two fixes to adapter-pg, in this process only. It rejects Postgres "char" columns
// (OID 18), which the engine's catalog queries return and reads as single characters: read
// them as text and report them as Character columns. And it splits scripts on ";" (below).
const CHAR_OID = 18;
const TEXT_OID = 25;
const CHARACTER_COLUMN = 6; // ColumnTypeEnum.Character
type Field = { dataTypeID: number };
type Queryable = {
  performIO(query: object): Promise<{ fields: Field[] }>;
  queryRaw(query: object): Promise<{ columnTypes: number[] }>;
  executeScript(script: string): Promise<void>;
  client: { query(sql: string): Promise<unknown> };
  onError(error: unknown): never;
};
const charColumns = new WeakMap<object, number[]>();
function patchCharColumns(adapter: object) {
  // PrismaPgAdapter -> PgQueryable, which transactions share too.
  const proto = Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as Queryable & { __charPatched?: boolean };
  if (proto.__charPatched) return;
  const performIO = proto.performIO;
  const queryRaw = proto.queryRaw;
  proto.performIO = async function (this: Queryable, query: object) {
    const result = await performIO.call(this, query);
    const indices: number[] = [];
    result.fields.forEach((field, i) => {
      if (field.dataTypeID === CHAR_OID) {
        field.dataTypeID = TEXT_OID;
        indices.push(i);
      }
    });
    if (indices.length) charColumns.set(query, indices);
    return result;
  };
  proto.queryRaw = async function (this: Queryable, query: object) {
    const result = await queryRaw.call(this, query);
    for (const i of charColumns.get(query) ?? []) result.columnTypes[i] = CHARACTER_COLUMN;
    return result;
  };
  // adapter-pg runs a migration by splitting it on every ";", which breaks function bodies
  // ($$ ... $$) and quotes; PostgreSQL itself takes the whole script in one simple query.
  const adapterProto = Object.getPrototypeOf(adapter) as Queryable;
  adapterProto.executeScript = async function (this: Queryable, script: string) {
    try {
      await this.client.query(script);
    } catch (error) {
      this.onError(error);
    }
  };
  proto.__charPatched = true;
}

/**
 * A driver-adapter factory whose shadow database is built from parsed connection
 * settings (adapter-pg's own points at the main database) and dropped WITH (FORCE)
 * only after its pool is closed.
 */
function adapterFactory(connectionString: string) {
  const base = new PrismaPg({ connectionString });
  const parsed = new URL(connectionString);
  const connection = {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    async connect() {
      const adapter = await base.connect();
      patchCharColumns(adapter);
      return adapter;
    },
    async connectToShadowDb() {
      const name = `shadow_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
      const admin = new pg.Client({ ...connection, database: parsed.pathname.slice(1) || "postgres" });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const pool = new pg.Pool({ ...connection, database: name });
      // DROP ... WITH (FORCE) below terminates any connection still open on the shadow database
      // (57P01); without a listener, that error on an idle pooled client would end the process.
      pool.on("error", () => {});
      const shadow = await new PrismaPg(pool).connect();
      patchCharColumns(shadow);
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose().catch(() => {});
        await pool.end().catch(() => {});
        const cleanup = new pg.Client({ ...connection, database: parsed.pathname.slice(1) || "postgres" });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await cleanup.end();
      };
      return shadow;
    },
  };
}

// The package's entry imports its .wasm as an ES module, which Node only does behind a
// flag; instantiate it by hand with the same glue instead.
let engineReady: Promise<typeof engineGlue.SchemaEngine> | undefined;
function loadSchemaEngine() {
  engineReady ??= (async () => {
    // The engine reports Rust panics through this global before throwing.
    const registry = {
      message: "",
      set_message(m: string) {
        registry.message = m;
        process.stderr.write(`schema engine panic: ${m}\n`);
      },
    };
    (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY = registry;
    const glueFile = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmPath = path.join(path.dirname(glueFile), "schema_engine_bg.wasm");
    const compiled = await WebAssembly.compile(new Uint8Array(await readFile(wasmPath)));
    const instance = await WebAssembly.instantiate(compiled, {
      "./schema_engine_bg.js": engineGlue as unknown as WebAssembly.ModuleImports,
    });
    engineGlue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return engineGlue.SchemaEngine;
  })();
  return engineReady;
}

export async function diffMigrationsToSchema(root: string, connectionString: string): Promise<string> {
  const schemaPath = path.join(root, "prisma", "schema.prisma");
  const migrationsDir = path.join(root, "prisma", "migrations");
  const schema = await readFile(schemaPath, "utf8");
  const migrations = await readMigrations(migrationsDir).catch(() => []);
  const lockfilePath = path.join(migrationsDir, "migration_lock.toml");
  const lockfile = await readFile(lockfilePath, "utf8").catch(() => null);

  const factory = bindMigrationAwareSqlAdapterFactory(adapterFactory(connectionString) as never);
  const SchemaEngine = await loadSchemaEngine();
  const engine = await SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    (log: string) => {
      if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(`${log}\n`);
    },
    factory,
  );
  try {
    const result = await engine.diff({
      from: {
        tag: "migrations",
        baseDir: migrationsDir,
        lockfile: { path: "migration_lock.toml", content: lockfile },
        shadowDbInitScript: "",
        migrationDirectories: migrations.map((m) => ({
          path: m.name,
          migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.sql } as never },
        })),
      },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    } as never);
    return result.stdout ?? "";
  } finally {
    engine.free();
  }
}

export function isEmptyDiff(sql: string): boolean {
  return sql.replace(/--.*$/gm, "").trim() === "";
}
