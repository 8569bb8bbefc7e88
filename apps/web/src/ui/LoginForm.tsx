import { useState } from 'preact/hooks';
import type { AuthChoice } from '../irc/registration';

export interface LoginValues {
  nick: string;
  ircx: boolean;
  auth: AuthChoice;
}

const NICK_KEY = 'portalchat.nick';

/** The welcome screen: a nick, IRCX or plain IRC, and an optional login (SASL PLAIN or IRCX AUTH). */
export function LoginForm(props: { onConnect: (values: LoginValues) => void; error?: string }) {
  const [nick, setNick] = useState(() => localStorage.getItem(NICK_KEY) ?? '');
  const [ircx, setIrcx] = useState(true);
  const [method, setMethod] = useState<'none' | 'sasl' | 'ircx'>('none');
  const [account, setAccount] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState('');

  const submit = (event: Event) => {
    event.preventDefault();
    const trimmed = nick.trim();
    if (!/^[^\s,*?!@#:$&%.][^\s,*?!@:]{0,29}$/.test(trimmed)) {
      setProblem('Choose a nick without spaces or , * ? ! @ : (and not starting with # & % or a digit)');
      return;
    }
    if (/^\d/.test(trimmed)) {
      setProblem('A nick cannot start with a digit');
      return;
    }
    const useIrcxAuth = method === 'ircx';
    if (method !== 'none' && (account === '' || password === '')) {
      setProblem('Enter the account and its password, or choose "no login"');
      return;
    }
    localStorage.setItem(NICK_KEY, trimmed);
    props.onConnect({
      nick: trimmed,
      ircx: ircx || useIrcxAuth,
      auth: method === 'none' ? { kind: 'none' } : { kind: method, account, password },
    });
  };

  return (
    <main class="login">
      <form class="login-card" onSubmit={submit} aria-label="Connect">
        <h1>Portalchat</h1>
        <p class="muted">Chat on this network from your browser.</p>
        <label>
          Nick
          <input
            name="nick"
            autoFocus
            autoComplete="nickname"
            maxLength={30}
            value={nick}
            onInput={(e) => setNick(e.currentTarget.value)}
            required
          />
        </label>
        <label class="check">
          <input type="checkbox" name="ircx" checked={ircx} onChange={(e) => setIrcx(e.currentTarget.checked)} />
          IRCX (owners, whispers, LISTX)
        </label>
        <fieldset>
          <legend>Login</legend>
          <label class="check">
            <input type="radio" name="auth" checked={method === 'none'} onChange={() => setMethod('none')} /> no login
          </label>
          <label class="check">
            <input
              type="radio"
              name="auth"
              value="sasl"
              checked={method === 'sasl'}
              onChange={() => setMethod('sasl')}
            />{' '}
            SASL PLAIN
          </label>
          <label class="check">
            <input
              type="radio"
              name="auth"
              value="ircx"
              checked={method === 'ircx'}
              onChange={() => setMethod('ircx')}
            />{' '}
            IRCX AUTH
          </label>
          {method !== 'none' && (
            <div class="credentials">
              <label>
                Account
                <input
                  name="account"
                  autoComplete="username"
                  value={account}
                  onInput={(e) => setAccount(e.currentTarget.value)}
                />
              </label>
              <label>
                Password
                <input
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onInput={(e) => setPassword(e.currentTarget.value)}
                />
              </label>
            </div>
          )}
        </fieldset>
        {(problem || props.error) && (
          <p class="error" role="alert">
            {problem || props.error}
          </p>
        )}
        <button type="submit" class="primary">
          Connect
        </button>
      </form>
    </main>
  );
}
