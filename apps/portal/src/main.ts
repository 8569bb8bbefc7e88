// The portal process. Usage: portal --config <host.yaml> [--log-level <level>]
import { runService } from '@portalchat/service';
import { buildPortal } from './app';

runService({ name: 'portal', build: (deps) => buildPortal(deps) });
