/** A random UUID (v4) from the platform's Web Crypto: new sessions get their id before they are stored. */
export const randomUUID = (): string => globalThis.crypto.randomUUID();
