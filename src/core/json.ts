/** JSON values: the same on the wire and in a fact's payload, so every fact round-trips through any store. */
export type { JsonObject, JsonValue } from '../protocol/json.ts';
