// The state process. Usage: state --config <host.yaml> [--log-level <level>] [--standby]
// --standby: a host's warm spare (libs/service standby.ts); it serves after `go` on stdin.
import { runService } from '@portalchat/service';
import { buildState } from './app';

runService({ name: 'state', build: (deps) => buildState(deps), standby: true });
