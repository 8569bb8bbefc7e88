import { existsSync } from 'node:fs';
import { INSPIRCD_BINARY, startInspircd } from './inspircd';
import { NGIRCD_BINARY, startNgircd } from './ngircd';
import { startPortalchat } from './portalchat';
import type { SystemName, SystemStarter } from './types';

export const STARTERS: Record<SystemName, SystemStarter> = {
  portalchat: startPortalchat,
  'portalchat-nohistory': (options) => startPortalchat(options, { history: false }),
  ngircd: startNgircd,
  inspircd: startInspircd,
};

/** Whether a system can run here (the peers are Debian packages that may be missing). */
export function isInstalled(name: SystemName): boolean {
  if (name === 'ngircd') return existsSync(NGIRCD_BINARY);
  if (name === 'inspircd') return existsSync(INSPIRCD_BINARY);
  return true;
}

export const INSTALL_HINT = 'sudo apt-get install -y ngircd inspircd';
