/**
 * A throwaway PostgreSQL cluster for tests: a temp folder, `initdb`, `pg_ctl start` on a free loopback port with
 * its socket in the same folder, `createdb`; `stop()` stops it and removes the folder. Nothing is left behind and
 * nothing outside the folder is touched (no system service, no shared port).
 *
 * PostgreSQL refuses to run as root. Run as root (as CI and the sessions are), the binaries run as the
 * `postgres` user Debian's package creates (else `nobody`) through `setpriv`, and the folder is handed to them.
 *
 * Binaries: `PG_BIN` if set, else the newest /usr/lib/postgresql/<version>/bin (Debian's layout, not on PATH),
 * else `initdb` on PATH. Without them the PostgreSQL tests are skipped with a message on a developer machine and
 * FAIL under CI (CI=true), where skipping would hide that the PostgreSQL side was never tested (.ci/run installs
 * the `postgresql` package when `initdb` is missing).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PgCluster {
  /** `postgres://postgres@127.0.0.1:<port>/<db>` (trust authentication, loopback only). */
  url: string;
  port: number;
  dir: string;
  /** Stops the server and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

function hasInitdb(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'));
}

/** The folder holding initdb / pg_ctl / createdb, or undefined when PostgreSQL is not installed. */
export function findPgBin(): string | undefined {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) return hasInitdb(fromEnv) ? fromEnv : undefined;
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs
      .readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const dir = path.join(root, v, 'bin');
      if (hasInitdb(dir)) return dir;
    }
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const initdb = which.status === 0 ? which.stdout.trim() : '';
  if (initdb) {
    const dir = path.dirname(fs.realpathSync(initdb));
    if (hasInitdb(dir)) return dir;
  }
  return undefined;
}

export const PG_BIN = findPgBin();
export const pgAvailable = PG_BIN !== undefined;
export const PG_MISSING_REASON =
  'PostgreSQL binaries not found (looked at PG_BIN, /usr/lib/postgresql/*/bin, initdb on PATH; Debian: apt-get install postgresql)';

/** Whether the PostgreSQL side of a parameterised suite runs: when installed, and always under CI (to fail there). */
export const runPgTests = pgAvailable || process.env.CI === 'true';

let warned = false;
/** Prints once why the PostgreSQL side is skipped (call where the engines are chosen). */
export function warnPgSkipped(): void {
  if (runPgTests || warned) return;
  warned = true;
  console.warn(`[pg] skipping the PostgreSQL engine: ${PG_MISSING_REASON}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface RunAs {
  uid: number;
  gid: number;
}

/** Who runs the binaries: ourselves, or (as root) the postgres user, else nobody. */
function runAs(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const user of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
  }
  throw new Error('running as root and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

function run(bin: string, args: string[], as: RunAs | undefined, cwd: string): string {
  const [cmd, argv] = as
    ? ['setpriv', [`--reuid=${as.uid}`, `--regid=${as.gid}`, '--clear-groups', '--', bin, ...args]]
    : [bin, args];
  try {
    // cwd: the cluster folder, which the unprivileged user can enter (the test's own cwd may not be).
    return execFileSync(cmd, argv, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${path.basename(bin)} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/**
 * Starts a fresh cluster with one database. Tuned for tests only (fsync off: a crash loses the cluster, which is
 * thrown away anyway).
 */
export async function startPgCluster(dbName = 'sidecar_test'): Promise<PgCluster> {
  const bin = PG_BIN;
  if (!bin) throw new Error(`${PG_MISSING_REASON}${process.env.CI === 'true' ? ': required on CI' : ''}`);
  const as = runAs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-pg-'));
  let started = false;
  const data = path.join(dir, 'data');
  const stop = async () => {
    if (started) {
      started = false;
      try {
        run(path.join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w'], as, dir);
      } catch {
        // already stopped: removing the folder is what matters
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (as) fs.chownSync(dir, as.uid, as.gid);
    run(
      path.join(bin, 'initdb'),
      ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      as,
      dir,
    );
    const port = await freePort();
    const opts = `-p ${port} -k ${dir} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    run(path.join(bin, 'pg_ctl'), ['start', '-D', data, '-l', path.join(dir, 'server.log'), '-w', '-o', opts], as, dir);
    started = true;
    const createdb = fs.existsSync(path.join(bin, 'createdb')) ? path.join(bin, 'createdb') : 'createdb';
    run(createdb, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', dbName], as, dir);
    return { url: `postgres://postgres@127.0.0.1:${port}/${dbName}`, port, dir, stop };
  } catch (err) {
    const log = path.join(dir, 'server.log');
    const tail = fs.existsSync(log) ? `\nserver.log:\n${fs.readFileSync(log, 'utf8').slice(-2000)}` : '';
    await stop();
    throw new Error(`${(err as Error).message}${tail}`);
  }
}
