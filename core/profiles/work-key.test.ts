import { describe, expect, it } from 'vitest';
import { normaliseArtistName, normaliseTitle, splitCreditedArtists, workKey } from './work-key.ts';

describe('workKey', () => {
  it('treats case, punctuation, version tags and featured artists as the same work', () => {
    const a = workKey({ title: "Don't Stop the Music", artist: 'Rihanna' });
    expect(workKey({ title: 'DONT STOP THE MUSIC (Radio Edit)', artist: 'rihanna feat. Someone' })).toBe(a);
    expect(workKey({ title: "Don't stop the music [Remix]", artist: 'Rihanna' })).toBe(a);
  });

  it('prefers a valid ISWC over title and artist', () => {
    expect(workKey({ title: 'A', artist: 'B', iswc: 't0345246801' })).toBe('iswc:T-034.524.680-1');
    expect(workKey({ title: 'A', artist: 'B', iswc: 'T-034.524.680-9' })).toBe('work:a|b');
  });

  it('keeps different artists apart and folds "the" and "&"', () => {
    expect(workKey({ title: 'Hello', artist: 'Adele' })).not.toBe(
      workKey({ title: 'Hello', artist: 'Lionel Richie' }),
    );
    expect(normaliseArtistName('The Beatles')).toBe('beatles');
    expect(normaliseArtistName('Simon & Garfunkel')).toBe('simon and garfunkel');
    expect(normaliseTitle('(I Can’t Get No) Satisfaction')).toBe('i cant get no satisfaction');
  });

  it('splits featured artists for credit entities', () => {
    expect(splitCreditedArtists('Rihanna feat. Jay-Z')).toEqual(['Rihanna', 'Jay-Z']);
    expect(splitCreditedArtists('Simon & Garfunkel')).toEqual(['Simon & Garfunkel']);
    expect(splitCreditedArtists('Calvin Harris, Dua Lipa')).toEqual(['Calvin Harris', 'Dua Lipa']);
  });
});
