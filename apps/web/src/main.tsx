// The web chat client's entry point: the theme before the first paint, then the app.
import { render } from 'preact';
import { ChatClient } from './net/chat-client';
import { App } from './ui/App';
import { applyTheme, storedTheme } from './ui/theme';

applyTheme(storedTheme());
const root = document.getElementById('app');
if (root) render(<App client={new ChatClient()} />, root);
