/**
 * The most lines one CHATHISTORY answers (ISUPPORT CHATHISTORY=): a larger limit is cut to it.
 * Ergo allows 1,000; the answer is one gateway op, so 100 keeps it well under NATS's max_payload.
 */
export const CHATHISTORY_MAX = 100;
