import { Harness } from '../testing/harness';
import { sendFail, standardReply } from './standard-replies';

describe('standard replies', () => {
  function client() {
    const h = new Harness();
    const c = h.connect('alice');
    const conn = h.state.connection(c.gateway, c.conn);
    if (!conn) throw new Error('alice has no connection');
    return { ctx: h.engine.context(conn), c };
  }

  it('FAIL names the command, the code, the context and the description', () => {
    const { ctx, c } = client();
    sendFail(ctx, 'BATCH', 'MULTILINE_MAX_LINES', ['100'], 'Too many lines');
    expect(c.lines()).toEqual([':irc.test FAIL BATCH MULTILINE_MAX_LINES 100 :Too many lines']);
  });

  it('WARN and NOTE, and a context param that would break the line is shown as *', () => {
    const { ctx, c } = client();
    standardReply(ctx, 'WARN', 'REHASH', 'CERTS_EXPIRED', ['a b'], 'Certificate expired');
    standardReply(ctx, 'NOTE', '*', 'OPERATOR_MESSAGE', [], 'hello');
    expect(c.lines()).toEqual([
      ':irc.test WARN REHASH CERTS_EXPIRED * :Certificate expired',
      ':irc.test NOTE * OPERATOR_MESSAGE hello',
    ]);
  });
});
