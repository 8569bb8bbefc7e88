// The state process. Usage: state --config <host.yaml> [--log-level <level>] [--standby]
// --standby: a host's warm spare (libs/service standby.ts); it serves after `go` on stdin.
import { runService } from '@portalchat/service';
import { buildState, recoverState } from './app';
import { rehearse } from './recovery/rehearsal';

runService({
  name: 'state',
  prepare: (deps) => recoverState(deps),
  build: (deps, recovered) => buildState(deps, recovered),
  standby: true,
  rehearse: (config) => void rehearse(config),
});
