import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import { plainIp } from './server-bans';

/**
 * Host cloaking (issue 12): what other users see instead of a user's address. Pure: the key comes
 * from the config, so a replay of the journal makes the same cloaks.
 *
 * The form is InspIRCd's cloak module's for addresses: three keyed hashes, of the address and of
 * two shorter prefixes of it, then `.IP`:
 *   192.0.2.10   → `<hash of 192.0.2.10>.<hash of 192.0.2>.<hash of 192.0>.IP`
 *   2001:db8::1  → `<hash of the /128>.<hash of the /64>.<hash of the /48>.IP`
 * so a channel operator can still ban a user's /24 (or /64) with `*!*@*.<h2>.<h3>.IP` without
 * seeing the address, and nobody without the key can turn a cloak back into it (the hash is keyed:
 * the 2^32 IPv4 addresses cannot be tried one by one). A host name (no reverse DNS yet, but a
 * gateway may give one) keeps its last two labels: `<hash>.example.net`.
 */

/** Letters of a hash segment (RFC 4648 base32): upper-case letters and digits, valid in any host. */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** 8 characters = 40 bits per segment: no two addresses of one network meet in practice. */
const SEGMENT_CHARS = 8;

function segment(key: string, what: string): string {
  const digest = createHmac('sha256', key).update(what).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < SEGMENT_CHARS) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === SEGMENT_CHARS) break;
    value &= (1 << bits) - 1;
  }
  return out;
}

/** The eight groups of an IPv6 address, each four hex digits (`2001:db8::1` → `2001:0db8:0000:…:0001`). */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const last = right.at(-1) ?? left.at(-1) ?? '';
  // A dotted IPv4 tail (`::1.2.3.4`) stands for two groups.
  if (isIP(last) === 4) {
    const [a = 0, b = 0, c = 0, d = 0] = last.split('.').map(Number);
    const groups = [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    if (right.length > 0) right.splice(-1, 1, ...groups);
    else left.splice(-1, 1, ...groups);
  }
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right].map((g) => g.padStart(4, '0'));
}

/**
 * Segments a Cloaker keeps. Three HMACs per connection were a tenth of state's CPU while
 * 10,000 clients registered; clients often share an address or a /24 and /16 (NAT, a web
 * client's host, reconnects), so most segments are already known. Cleared when full.
 */
const REMEMBERED_SEGMENTS = 10_000;

/** Cloaks with one key, remembering the segments it made (the same input always makes the same segment). */
export class Cloaker {
  private readonly segments = new Map<string, string>();

  constructor(
    readonly key: string,
    private readonly remembered = REMEMBERED_SEGMENTS,
  ) {}

  /** The cloak of a user whose address is `ip` and whose host name (the IP when unresolved) is `host`. */
  cloak(ip: string, host: string): string {
    const address = plainIp(ip);
    const family = isIP(address);
    if (host === ip || host === address) {
      if (family === 4) {
        const octets = address.split('.');
        const prefix = (n: number) => `4:${octets.slice(0, n).join('.')}`;
        return `${this.segment(prefix(4))}.${this.segment(prefix(3))}.${this.segment(prefix(2))}.IP`;
      }
      if (family === 6) {
        const groups = ipv6Groups(address);
        const prefix = (n: number) => `6:${groups.slice(0, n).join(':')}`;
        return `${this.segment(prefix(8))}.${this.segment(prefix(4))}.${this.segment(prefix(3))}.IP`;
      }
    }
    const labels = host.split('.').filter((label) => label !== '');
    const tail = labels.length > 2 ? labels.slice(-2).join('.') : 'host';
    return `${this.segment(`h:${host.toLowerCase()}`)}.${tail}`;
  }

  private segment(what: string): string {
    let made = this.segments.get(what);
    if (made === undefined) {
      made = segment(this.key, what);
      if (this.segments.size >= this.remembered) this.segments.clear();
      this.segments.set(what, made);
    }
    return made;
  }
}
