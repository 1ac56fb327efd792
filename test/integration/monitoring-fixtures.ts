/** Lists and calls the monitoring integration tests share: the sample lists, one OFAC entity to add, an alias. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { SAMPLE_LISTS_DIR } from '../../src/bootstrap.ts';
import type { TestRuntime } from '../helpers/runtime.ts';
import { getJson, type Json } from '../helpers/transactions.ts';

export const ENTITY =
  '99001,"KOVALENKO, Dmytro Oleksandrovych","individual","UKRAINE-EO13660",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,' +
  '"DOB 14 Feb 1975; POB Kharkiv, Ukraine; nationality Ukraine; Gender Male."\r\n';
export const ALIAS = '99001,99002,"aka","KOVALENKO, Dmitriy Aleksandrovich",-0- \r\n';

/** OFAC's CSV files end with an end-of-file character (0x1A): rows go before it. */
export function addRow(file: string, row: string): void {
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.endsWith('\x1a') ? `${text.slice(0, -1)}${row}\x1a` : text + row);
}

export function removeRow(file: string, row: string): void {
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(row, ''));
}

export function listsCopy(): { dir: string; sdn: string; alt: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'monitoring-lists-'));
  fs.cpSync(SAMPLE_LISTS_DIR, dir, { recursive: true });
  return { dir, sdn: path.join(dir, 'ofac-sdn', 'sdn.csv'), alt: path.join(dir, 'ofac-sdn', 'alt.csv') };
}

export async function call(
  rt: TestRuntime,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const res = await rt.call(method, url, body);
  return { status: res.status, body: await res.json() };
}

/** POST /v1/lists/refresh, then follow the run it started until it is done. */
export async function refresh(rt: TestRuntime): Promise<{ delta: Json; run: Json | null }> {
  const r = await call(rt, 'POST', '/v1/lists/refresh');
  expect(r.status).toBe(200);
  if (!r.body.runId) return { delta: r.body.delta, run: null };
  for (let i = 0; i < 200; i++) {
    const run = await getJson(rt, `/v1/screening/runs/${r.body.runId}`);
    expect(run.status).toBe(200);
    if (run.body.status !== 'running') return { delta: r.body.delta, run: run.body };
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('the re-screen run did not finish');
}

export const rescreenAlerts = async (rt: TestRuntime, query = '') =>
  (await getJson(rt, `/v1/alerts?kind=sanctions.rescreen${query}`)).body.alerts as Json[];
