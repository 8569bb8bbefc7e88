// The state process. Usage: state --config <host.yaml> [--log-level <level>]
import { runService } from '@portalchat/service';
import { buildState } from './app';

runService({ name: 'state', build: (deps) => buildState(deps) });
