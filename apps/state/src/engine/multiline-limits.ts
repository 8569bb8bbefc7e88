/**
 * draft/multiline's limits (https://ircv3.net/specs/extensions/multiline), advertised in the cap
 * value and enforced on the client's batch: ergo's defaults.
 */
export const MULTILINE_MAX_BYTES = 4096;
export const MULTILINE_MAX_LINES = 100;
