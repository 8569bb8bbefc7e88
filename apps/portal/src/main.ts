// The portal process. Usage: portal --config <host.yaml> [--log-level <level>] [--standby]
// --standby: a host's warm spare (libs/service standby.ts); it serves after `go` on stdin.
import { runService } from '@portalchat/service';
import { buildPortal } from './app';

runService({ name: 'portal', build: (deps) => buildPortal(deps), standby: true });
