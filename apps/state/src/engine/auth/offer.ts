import type { HostConfig } from '@portalchat/config';
import { anonMechanism } from './anon';
import { externalMechanism } from './external';
import type { AuthMechanism } from './mechanism';
import { plainMechanism } from './plain';
import { scramMechanism } from './scram';

/**
 * Which mechanisms are offered, to which front end. One list configures both:
 * config.ircx.authPackages. AUTH offers every implemented package in it; SASL offers those of them
 * with a SASL name (PLAIN, not ANON), and only when there are accounts to log into, since
 * "Servers MUST NOT advertise the `sasl` capability if the authentication layer is unavailable"
 * (IRCv3 sasl-3.2): host-file accounts, or registration open (`auth.registration`), since then the
 * network's store may hold some. SCRAM-SHA-256 is SASL's only (IRCX clients do not know it),
 * offered with PLAIN, after the packages; EXTERNAL (a client certificate) too, offered whenever
 * client TLS is configured (`tls`), last.
 */

/** Every mechanism this server implements, by AUTH package name. */
const MECHANISMS: ReadonlyMap<string, AuthMechanism> = new Map([anonMechanism, plainMechanism].map((m) => [m.name, m]));

/** The configuration the offer depends on. */
export type AuthOfferConfig = Pick<HostConfig, 'ircx' | 'accounts' | 'tls'> & {
  auth: Pick<HostConfig['auth'], 'registration'>;
};

/** The mechanism for an AUTH package name, when it is implemented AND offered; else undefined. */
export function offeredMechanism(name: string, offered: readonly string[]): AuthMechanism | undefined {
  const upper = name.toUpperCase();
  return offered.includes(upper) ? MECHANISMS.get(upper) : undefined;
}

/** An implemented mechanism by its AUTH name (for an exchange already started), offered or not. */
export function implementedMechanism(name: string): AuthMechanism | undefined {
  if (name === externalMechanism.name) return externalMechanism;
  return name === scramMechanism.name ? scramMechanism : MECHANISMS.get(name);
}

/** The mechanisms AUTHENTICATE offers, in authPackages order; empty = no `sasl` capability. */
export function saslMechanisms(config: AuthOfferConfig): AuthMechanism[] {
  if (config.accounts.length === 0 && !config.auth.registration) return [];
  const offered: AuthMechanism[] = [];
  for (const name of config.ircx.authPackages) {
    const mechanism = MECHANISMS.get(name.toUpperCase());
    if (mechanism?.sasl !== undefined) offered.push(mechanism);
  }
  // SCRAM needs an account with SCRAM credentials: registered ones have them.
  if (offered.includes(plainMechanism)) offered.push(scramMechanism);
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
