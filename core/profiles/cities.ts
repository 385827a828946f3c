/**
 * Coarse, opt-in location: resolve a typed city name against the gazetteer and measure distances.
 */
import { CITY_ROWS } from './city-gazetteer.data.ts';
import { foldText } from './text.normalise.ts';

export interface City {
  /** Stable id: `<country>-<slug>`, e.g. `us-nashville`. */
  id: string;
  name: string;
  country: string;
  lat: number;
  lon: number;
  timeZone: string;
}

const CITIES: readonly City[] = CITY_ROWS.map(([name, country, lat, lon, timeZone]) => ({
  id: `${country.toLowerCase()}-${foldText(name).replace(/ /g, '-')}`,
  name,
  country,
  lat,
  lon,
  timeZone,
}));

/** Folded spelling -> cities (a name like "Athens" may mean more than one). */
const BY_NAME = new Map<string, City[]>();
for (const [index, [name, , , , , aliases]] of CITY_ROWS.entries()) {
  for (const spelling of [name, ...aliases]) {
    const key = foldText(spelling);
    BY_NAME.set(key, [...(BY_NAME.get(key) ?? []), CITIES[index]!]);
  }
}

const BY_ID = new Map(CITIES.map((city) => [city.id, city]));

/**
 * The gazetteer city for "Nashville", "Nashville, TN", "London, UK" or "Athens, GR". A country (ISO code)
 * after a comma picks among same-named cities; otherwise the first listed wins (Athens -> Athens, GA).
 *
 * @example
 * findCity('Los Angeles, CA')?.timeZone // 'America/Los_Angeles'
 */
export function findCity(text: string): City | undefined {
  const parts = text.split(',').map((part) => foldText(part));
  const matches = BY_NAME.get(parts[0] ?? '') ?? BY_NAME.get(foldText(text));
  if (!matches || matches.length === 0) return undefined;
  const hints = new Set(
    parts
      .slice(1)
      .map((part) => part.toUpperCase())
      .map((h) => (h === 'UK' ? 'GB' : h)),
  );
  return matches.find((city) => hints.has(city.country)) ?? matches[0];
}

export function cityById(id: string): City | undefined {
  return BY_ID.get(id);
}

export function allCities(): readonly City[] {
  return CITIES;
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in kilometres (haversine). */
export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const toRad = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = toRad(b.lat - a.lat);
  const dLon = toRad(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
