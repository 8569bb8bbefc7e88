import type { HostConfig } from '@portalchat/config';
import { anonMechanism } from './anon';
import { externalMechanism } from './external';
import type { AuthMechanism } from './mechanism';
import { plainMechanism } from './plain';

/**
 * Which mechanisms are offered, to which front end. One list configures both:
 * config.ircx.authPackages. AUTH offers every implemented package in it; SASL offers those of them
 * with a SASL name (PLAIN, not ANON), and only when there are accounts to log into, since
 * "Servers MUST NOT advertise the `sasl` capability if the authentication layer is unavailable"
 * (IRCv3 sasl-3.2). EXTERNAL (a client certificate) is SASL's only, offered whenever client TLS
 * is configured (`tls`), after the packages.
 */

/** Every mechanism this server implements, by AUTH package name. */
const MECHANISMS: ReadonlyMap<string, AuthMechanism> = new Map([anonMechanism, plainMechanism].map((m) => [m.name, m]));

/** The configuration the offer depends on. */
export type AuthOfferConfig = Pick<HostConfig, 'ircx' | 'accounts' | 'tls'>;

/** The mechanism for an AUTH package name, when it is implemented AND offered; else undefined. */
export function offeredMechanism(name: string, offered: readonly string[]): AuthMechanism | undefined {
  const upper = name.toUpperCase();
  return offered.includes(upper) ? MECHANISMS.get(upper) : undefined;
}

/** An implemented mechanism by its AUTH name (for an exchange already started), offered or not. */
export function implementedMechanism(name: string): AuthMechanism | undefined {
  return name === externalMechanism.name ? externalMechanism : MECHANISMS.get(name);
}

/** The mechanisms AUTHENTICATE offers, in authPackages order; empty = no `sasl` capability. */
export function saslMechanisms(config: AuthOfferConfig): AuthMechanism[] {
  if (config.accounts.length === 0) return [];
  const offered: AuthMechanism[] = [];
  for (const name of config.ircx.authPackages) {
    const mechanism = MECHANISMS.get(name.toUpperCase());
    if (mechanism?.sasl !== undefined) offered.push(mechanism);
  }
  if (config.tls !== undefined) offered.push(externalMechanism);
  return offered;
}

/** The SASL mechanism names, comma-separated, as the `sasl` cap value and 908 list them. */
export function saslMechanismList(config: AuthOfferConfig): string {
  return saslMechanisms(config)
    .map((m) => m.sasl)
    .join(',');
}

/** The offered mechanism for an `AUTHENTICATE <name>` (SASL names are case-insensitive here). */
export function offeredSaslMechanism(name: string, config: AuthOfferConfig): AuthMechanism | undefined {
  const upper = name.toUpperCase();
  return saslMechanisms(config).find((m) => m.sasl === upper);
}
