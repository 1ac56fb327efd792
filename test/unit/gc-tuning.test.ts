import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GC_FLAGS, MALLOC_ENV, missingGcFlags, missingMallocEnv } from '../../src/gc-tuning.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('GC flags', () => {
  it('names the flags a process was started without, in either spelling', () => {
    expect(missingGcFlags([])).toEqual([...GC_FLAGS]);
    expect(missingGcFlags(['--import', 'tsx', ...GC_FLAGS])).toEqual([]);
    expect(missingGcFlags(['--heap_growing_percent=100'])).toEqual(['--no-memory-reducer']);
    expect(missingGcFlags(['--heap-growing-percent=50', '--no-memory-reducer'])).toEqual([
      '--heap-growing-percent=100',
    ]);
  });
  it('are passed by every way the service is started: npm start and the Docker image', () => {
    const start = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.start as string;
    expect(missingGcFlags(start.split(' '))).toEqual([]);
    const cmd = /^CMD (\[.*\])$/m.exec(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'))![1]!;
    expect(missingGcFlags(JSON.parse(cmd) as string[])).toEqual([]);
    // The allocator setting too: in the start script's environment, and the image's.
    expect(start).toContain('MALLOC_ARENA_MAX=2 node ');
    expect(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8')).toMatch(/^ENV MALLOC_ARENA_MAX=2$/m);
  });

  it('names the allocator setting the process was started without', () => {
    expect(missingMallocEnv({})).toEqual(['MALLOC_ARENA_MAX=2']);
    expect(missingMallocEnv({ MALLOC_ARENA_MAX: '8' })).toEqual(['MALLOC_ARENA_MAX=2']);
    expect(missingMallocEnv({ ...MALLOC_ENV })).toEqual([]);
  });
});
