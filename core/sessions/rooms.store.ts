/** A bookable room, with its studio. */
export interface RoomSummary {
  id: string;
  studioId: string;
  studioName: string;
  name: string;
  city: string;
  address: string;
  capacity: number | null;
  gearNotes: string;
}

export interface StudioSummary {
  id: string;
  name: string;
  city: string;
  address: string;
}

/** Studios and rooms of the tenant, in the command's transaction. */
export interface RoomStore {
  list(): Promise<{ studios: StudioSummary[]; rooms: RoomSummary[] }>;
  /** Case-insensitive by name. */
  findStudio(name: string): Promise<StudioSummary | undefined>;
  /** Throws `sessions.studio_exists` when the name is taken. */
  addStudio(input: { name: string; address: string; city: string }): Promise<StudioSummary>;
  /** Throws `sessions.room_exists` when the studio has a room of that name. */
  addRoom(input: {
    studioId: string;
    name: string;
    capacity: number | null;
    gearNotes: string;
  }): Promise<RoomSummary>;
  /** "Studio / Room" labels for room ids. */
  labels(roomIds: readonly string[]): Promise<Map<string, string>>;
}
