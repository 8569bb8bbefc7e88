/**
 * Light and dark themes: the system's choice (prefers-color-scheme) until the user picks one with
 * the toggle; the pick is kept in localStorage and set as `data-theme` on <html> (styles.css).
 */
export type Theme = 'light' | 'dark';

const KEY = 'portalchat.theme';

export function storedTheme(): Theme | undefined {
  const value = localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : undefined;
}

export function systemTheme(): Theme {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme | undefined): void {
  if (theme) document.documentElement.dataset['theme'] = theme;
  else delete document.documentElement.dataset['theme'];
}

export function saveTheme(theme: Theme): void {
  localStorage.setItem(KEY, theme);
  applyTheme(theme);
}
