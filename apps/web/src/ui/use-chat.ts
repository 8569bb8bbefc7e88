import { useEffect, useState } from 'preact/hooks';
import type { ChatState } from '../irc/chat-types';
import type { ChatClient } from '../net/chat-client';

/** The client's current state; the component renders again whenever it changes. */
export function useChatState(client: ChatClient): ChatState {
  const [state, setState] = useState(client.getState());
  useEffect(() => {
    setState(client.getState());
    return client.subscribe(() => setState(client.getState()));
  }, [client]);
  return state;
}
