/** Profiles: the public surface other modules (db, commands, matching) import. */
export { allCities, type City, cityById, findCity, haversineKm } from './cities.ts';
export {
  mergeCredits,
  parseCreatorProfile,
  profileContentKey,
  validateCreatorProfile,
  validateCredit,
} from './creator-profile.normalise.ts';
export { type CreatorProfileInput, type CreditInput, HANDLE_PATTERN } from './creator-profile.schema.ts';
export type {
  ContactPreference,
  CreatorLocation,
  CreatorProfile,
  Credit,
  ProfileLink,
  ProfileProblem,
  Validated,
} from './creator-profile.types.ts';
export {
  allGenres,
  classifyGenres,
  type Genre,
  genreAncestors,
  genreById,
  normaliseGenre,
} from './genres.ts';
export { formatIsrc, iswcCheckDigit, parseIpi, parseIsrc, parseIswc } from './identifiers.ts';
export {
  type Inspiration,
  inspirationKey,
  normaliseInspiration,
  normaliseInspirations,
} from './inspirations.ts';
export { normaliseRole, ROLE_IDS, type RoleId, roleComplementarity } from './roles.ts';
export {
  CREATORS_CSV_COLUMNS,
  CREDITS_CSV_COLUMNS,
  type CsvRecord,
  creatorRecordValidator,
  creditHandle,
  parseRosterCsv,
  type RosterFile,
  type RosterImport,
  type RosterProblem,
  type RosterWarning,
  readCsvRecords,
  splitList,
  validateCreatorRecord,
  validateCreatorRecords,
  validateCreditRecord,
  validateCreditRecords,
} from './roster-csv.ts';
export {
  formatWeeklyRules,
  MAX_IMPORTED_RULES,
  readAvailabilityCell,
} from './roster-csv-availability.ts';
export { closestGenres } from './roster-csv-genres.ts';
export {
  type CsvParseFailure,
  checkCsvHeader,
  csvRecordFromCells,
  describeCsvParseFailure,
  ROSTER_CSV_OPTIONS,
  recordRow,
} from './roster-csv-reader.ts';
export {
  creatorCsvRow,
  creditCsvRow,
  csvCell,
  csvRow,
  type ExportedCreator,
  type ExportedCredit,
  neutraliseCell,
  restoreCell,
} from './roster-csv-writer.ts';
export { foldText, slugify } from './text.normalise.ts';
export { normaliseArtistName, normaliseTitle, splitCreditedArtists, workKey } from './work-key.ts';
