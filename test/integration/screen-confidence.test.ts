/**
 * Issue #16: every match over HTTP carries `confidence` beside `score`, equal to the committed map's value
 * for its type, stated in the explanation; the score and the threshold are what they were (bundled sample lists).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrationGroup, GROUP_LABEL, matchConfidence } from '../../src/sanctions/calibration.ts';
import type { EntityType } from '../../src/sanctions/entity.ts';
import { DEFAULT_MATCH_THRESHOLD } from '../../src/sanctions/score.ts';
import { json } from '../helpers/json.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

interface WireMatch {
  type: EntityType;
  score: number;
  confidence: number;
  explanation: { summary: string };
}

const consistent = (m: WireMatch) => {
  expect(typeof m.confidence).toBe('number');
  expect(m.confidence).toBeGreaterThanOrEqual(0);
  expect(m.confidence).toBeLessThanOrEqual(1);
  expect(m.confidence).toBe(matchConfidence(m.type, m.score));
  const label = GROUP_LABEL[calibrationGroup(m.type)];
  expect(m.explanation.summary).toContain(`confidence ${m.confidence.toFixed(2)} for ${label} at this score`);
};

describe('POST /v1/screen and /v1/screen/batch: confidence beside score', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(() => rt.dispose());

  it('a person and an organisation: confidence from their own maps; threshold unchanged', async () => {
    for (const [name, type] of [
      ['Nicolas Maduro Moros', 'person'],
      ['Banco Nacional de Cuba', 'organization'],
    ] as const) {
      const res = await rt.call('POST', '/v1/screen', { name });
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body.threshold).toBe(DEFAULT_MATCH_THRESHOLD);
      const matches = body.matches as WireMatch[];
      expect(matches.some((m) => m.type === type)).toBe(true);
      for (const m of matches) {
        expect(m.score).toBeGreaterThanOrEqual(body.threshold);
        consistent(m);
      }
    }
  });

  it('batch results carry it too', async () => {
    const res = await rt.call('POST', '/v1/screen/batch', {
      queries: [
        { id: 'p', name: 'Maduro Moros Nicolas', threshold: 0.6 },
        { id: 'o', name: 'Banco Nacional Cuba' },
      ],
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    const all = (body.results as { matches: WireMatch[] }[]).flatMap((r) => r.matches);
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const m of all) consistent(m);
  });

  it('the OpenAPI Match schema declares confidence in [0, 1]', async () => {
    const doc = await json(await rt.call('GET', '/openapi.json'));
    const match = doc.components.schemas.Match;
    expect(match.properties.confidence).toMatchObject({ type: 'number', minimum: 0, maximum: 1 });
    expect(match.required).toEqual(expect.arrayContaining(['score', 'confidence']));
  });
});
