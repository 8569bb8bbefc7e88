// The state process. Usage: state --config <host.yaml> [--log-level <level>] [--standby]
// --standby: a host's warm spare (libs/service standby.ts); it serves after `go` on stdin, and
// follows the host's history stream while it waits (history-tail.ts).
import { runService } from '@portalchat/service';
import { buildState, recoverState, warmState } from './app';

runService({
  name: 'state',
  warm: (deps) => warmState(deps),
  prepare: (deps, warmed) => recoverState(deps, Date.now, warmed),
  build: (deps, recovered) => buildState(deps, recovered),
  standby: true,
});
