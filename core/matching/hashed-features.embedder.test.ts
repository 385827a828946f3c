import { describe, expect, it } from 'vitest';
import { embedSync, fnv1a32, localHashedEmbedder } from './hashed-features.embedder.ts';
import { profileEmbeddingInput } from './profile-features.ts';
import { creator } from './roster.fixture.ts';
import { cosine, norm } from './vector.math.ts';

const topliner = (handle: string) =>
  creator(handle, {
    genres: ['Alt Pop'],
    roles: ['topliner'],
    inspirations: ['Robyn', 'Lorde', 'Charli XCX'],
  });

describe('local hashed embedder', () => {
  it('uses a stable hash', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
  });

  it('is deterministic, L2-normalised and of the stated dimension', async () => {
    const embedder = localHashedEmbedder({ dimensions: 128 });
    const input = profileEmbeddingInput(topliner('ana'));
    const [first] = await embedder.embed([input]);
    const [second] = await embedder.embed([input]);
    expect(embedder.id).toBe('local-hashed-fnv1a-v1/128');
    expect(first).toHaveLength(128);
    expect([...first!]).toEqual([...second!]);
    expect(norm(first!)).toBeCloseTo(1, 5);
  });

  it('puts two alt-pop topliners with the same influences nearer than a topliner and a metal drummer', () => {
    const a = embedSync(profileEmbeddingInput(topliner('ana')));
    const b = embedSync(
      profileEmbeddingInput(
        creator('bea', {
          genres: ['alternative pop'],
          roles: ['top-liner'],
          inspirations: ['robyn', 'Lorde'],
        }),
      ),
    );
    const drummer = embedSync(
      profileEmbeddingInput(
        creator('dee', {
          genres: ['metalcore'],
          roles: ['musician'],
          instruments: ['drums'],
          inspirations: ['Architects'],
        }),
      ),
    );
    expect(cosine(a, b)).toBeGreaterThan(0.7);
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, drummer) + 0.5);
  });

  it('gives partial credit through taxonomy parents', () => {
    const altPop = embedSync(profileEmbeddingInput(creator('a1', { genres: ['alt-pop'] })));
    const synthPop = embedSync(profileEmbeddingInput(creator('a2', { genres: ['synth-pop'] })));
    const drill = embedSync(profileEmbeddingInput(creator('a3', { genres: ['drill'] })));
    expect(cosine(altPop, synthPop)).toBeGreaterThan(cosine(altPop, drill));
  });
});
