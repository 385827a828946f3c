/** Shapes of the roster import contract (`creators.csv`, `credits.csv`), shared by its readers and validators. */
export type RosterFile = 'creators.csv' | 'credits.csv';

export interface RosterProblem {
  file: RosterFile;
  /** File line of the row: header = 1, first data row = 2. */
  row: number;
  /** The CSV column (or `(row)` / `(header)` / `(file)`). */
  field: string;
  code: string;
  problem: string;
}
