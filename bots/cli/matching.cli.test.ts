import { describe, expect, it } from 'vitest';
import { DEFAULT_MATCH_WEIGHTS } from '../../core/matching/match-weights.ts';
import { parseMatchingSettings } from '../../core/matching/matching-settings.ts';
import { describeMatching } from './matching.cli.ts';

describe('session-align matching show', () => {
  it('lists every weight in one aligned column, whatever the longest name', () => {
    const text = describeMatching('demo', parseMatchingSettings({}));
    const rows = text.split('\n').filter((line) => /^ {2}\S+ +\d\.\d{3} /.test(line));
    expect(rows).toHaveLength(Object.keys(DEFAULT_MATCH_WEIGHTS).length);
    const columns = new Set(rows.map((row) => row.search(/\d\.\d{3} /)));
    expect([...columns]).toHaveLength(1);
    expect(text).toContain('genreSpecificity');
  });
});
