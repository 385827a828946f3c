import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { allCities, findCity, haversineKm } from './cities.ts';

describe('findCity', () => {
  it('resolves names, aliases, accents and "City, region" forms', () => {
    expect(findCity('Nashville')?.id).toBe('us-nashville');
    expect(findCity('nashville, TN')?.timeZone).toBe('America/Chicago');
    expect(findCity('LA')?.name).toBe('Los Angeles');
    expect(findCity('Sao Paulo')?.name).toBe('São Paulo');
    expect(findCity('london, uk')?.country).toBe('GB');
    expect(findCity('Atlantis')).toBeUndefined();
  });

  it('uses a country hint to pick among same-named cities', () => {
    expect(findCity('Athens')?.country).toBe('US');
    expect(findCity('Athens, GR')?.country).toBe('GR');
  });

  it('has unique ids, valid IANA zones and sane coordinates', () => {
    const cities = allCities();
    expect(cities.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cities.map((city) => city.id)).size).toBe(cities.length);
    for (const city of cities) {
      expect(IANAZone.isValidZone(city.timeZone), city.timeZone).toBe(true);
      expect(Math.abs(city.lat)).toBeLessThanOrEqual(90);
      expect(Math.abs(city.lon)).toBeLessThanOrEqual(180);
    }
  });
});

describe('haversineKm', () => {
  it('measures known distances within a few percent', () => {
    const london = findCity('London')!;
    const paris = findCity('Paris')!;
    expect(haversineKm(london, paris)).toBeGreaterThan(330);
    expect(haversineKm(london, paris)).toBeLessThan(350);
    expect(haversineKm(findCity('Nashville')!, findCity('Los Angeles')!)).toBeCloseTo(2870, -2);
    expect(haversineKm(london, london)).toBe(0);
  });
});
