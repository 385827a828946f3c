// biome-ignore-all format: word lists read better packed than one per line
/** Word lists for the demo roster. Realistic enough to make `/pair` interesting on a fresh install. */

export const HOME_BASES = [
  { city: 'Nashville', timeZone: 'America/Chicago', region: 'North America' },
  { city: 'Los Angeles', timeZone: 'America/Los_Angeles', region: 'North America' },
  { city: 'New York', timeZone: 'America/New_York', region: 'North America' },
  { city: 'Atlanta', timeZone: 'America/New_York', region: 'North America' },
  { city: 'Toronto', timeZone: 'America/Toronto', region: 'North America' },
  { city: 'Mexico City', timeZone: 'America/Mexico_City', region: 'Latin America' },
  { city: 'São Paulo', timeZone: 'America/Sao_Paulo', region: 'Latin America' },
  { city: 'London', timeZone: 'Europe/London', region: 'Europe' },
  { city: 'Stockholm', timeZone: 'Europe/Stockholm', region: 'Europe' },
  { city: 'Berlin', timeZone: 'Europe/Berlin', region: 'Europe' },
  { city: 'Paris', timeZone: 'Europe/Paris', region: 'Europe' },
  { city: 'Lagos', timeZone: 'Africa/Lagos', region: 'Africa' },
  { city: 'Johannesburg', timeZone: 'Africa/Johannesburg', region: 'Africa' },
  { city: 'Mumbai', timeZone: 'Asia/Kolkata', region: 'Asia' },
  { city: 'Seoul', timeZone: 'Asia/Seoul', region: 'Asia' },
  { city: 'Tokyo', timeZone: 'Asia/Tokyo', region: 'Asia' },
  { city: 'Sydney', timeZone: 'Australia/Sydney', region: 'Oceania' },
  { city: 'Auckland', timeZone: 'Pacific/Auckland', region: 'Oceania' },
] as const;

export const FIRST_NAMES = [
  'Ava', 'Ben', 'Carmen', 'Dev', 'Elin', 'Femi', 'Grace', 'Hiro', 'Isla', 'Jonas', 'Kemi', 'Lena', 'Mateo',
  'Nia', 'Oscar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tomi', 'Uma', 'Viktor', 'Wren', 'Ximena', 'Yuna', 'Zane',
  'Amara', 'Bruno', 'Chloe', 'Diego', 'Emeka', 'Freya', 'Gabriel', 'Hana', 'Ingrid', 'Jae', 'Kofi', 'Luca',
  'Maya', 'Noah', 'Olu', 'Paloma', 'Rafael', 'Saoirse', 'Tariq', 'Valentina', 'Will', 'Yara',
] as const;

export const LAST_NAMES = [
  'Andersson', 'Bello', 'Carter', 'Dubois', 'Eriksen', 'Fernández', 'Garcia', 'Hughes', 'Ito', 'Johansson',
  'Kim', 'Lindqvist', 'Mensah', 'Nakamura', 'Okafor', 'Park', 'Quinlan', 'Rossi', 'Silva', 'Tanaka', 'Usman',
  'Vance', 'Walsh', 'Xu', 'Young', 'Zimmermann', 'Adeyemi', 'Brooks', 'Costa', 'Dlamini', 'Evans', 'Fischer',
  'Gupta', 'Hernández', 'Iyer', 'Jung', 'Kowalski', 'López', 'Murphy', 'Nilsson',
] as const;

export const GENRES = [
  'pop', 'alt-pop', 'dance-pop', 'synth-pop', 'indie-pop', 'k-pop', 'r&b', 'neo-soul', 'hip-hop', 'trap',
  'afrobeats', 'amapiano', 'country', 'americana', 'folk', 'indie-rock', 'rock', 'metal', 'edm', 'house',
  'latin-pop', 'reggaeton', 'gospel', 'singer-songwriter',
] as const;

export const ROLE_MIX = [
  ['topliner'],
  ['topliner', 'lyricist'],
  ['producer'],
  ['producer', 'engineer'],
  ['artist', 'topliner'],
  ['lyricist'],
  ['producer', 'musician'],
  ['artist', 'producer'],
] as const;

export const INSPIRATIONS = [
  'Robyn', 'Lorde', 'Max Martin', 'Frank Ocean', 'SZA', 'Kacey Musgraves', 'Burna Boy', 'Rosalía', 'Daft Punk',
  'Taylor Swift', 'Kendrick Lamar', 'Björk', 'Prince', 'Dolly Parton', 'Metallica', 'Beyoncé', 'Tems',
  'Joni Mitchell', 'The Weeknd', 'Billie Eilish', 'BTS', 'Bad Bunny', 'Phoebe Bridgers', 'Stevie Wonder',
] as const;

export const ARTISTS_WRITTEN_FOR = [
  'Nova Lane', 'The Midnight Choir', 'Kai Rivers', 'Luna Park', 'Static Hearts', 'Marisol', 'Dayo',
  'Aurora Fields', 'Jet Black Summer', 'Seo-yeon', 'Copper Kings', 'Velvet June',
] as const;

export const TITLE_WORDS = [
  'Golden', 'Hours', 'Neon', 'Heart', 'Midnight', 'Drive', 'Paper', 'Planes', 'Echo', 'Fever', 'Honey',
  'Static', 'Wildfire', 'Satellite', 'Velvet', 'Rain', 'Summer', 'Ghost', 'Gravity', 'Ocean', 'Signal',
] as const;
