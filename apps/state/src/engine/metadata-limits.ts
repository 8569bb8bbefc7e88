/** draft/metadata-2 limits (engine/metadata.ts), apart so the capability offer (caps.ts) can name them. */

/** Keys a connection may subscribe to (METADATA SUB). */
export const METADATA_MAX_SUBS = 100;
/** Keys one user or channel may hold. */
export const METADATA_MAX_KEYS = 100;
/** A key and its value together, in bytes: "relayable on a single IRC RPL_KEYVALUE line" (ergo). */
export const METADATA_MAX_BYTES = 350;

/** The capability's value: the limits a client must respect. */
export const METADATA_CAP_VALUE = `max-subs=${METADATA_MAX_SUBS},max-keys=${METADATA_MAX_KEYS},max-value-bytes=${METADATA_MAX_BYTES}`;
