import type { ChatAlert } from '../irc/chat-types';

/**
 * Desktop notifications (Notification API) for mentions and private messages while the page is
 * hidden or another window is open. Permission is asked only from a click (browsers ignore or
 * block a request that no user action started).
 */
export function notificationsSupported(): boolean {
  return typeof Notification !== 'undefined';
}

export function askPermission(): Promise<NotificationPermission> {
  return Notification.requestPermission();
}

export function notify(alert: ChatAlert, title: string, windowOpen: boolean): void {
  if (!notificationsSupported() || Notification.permission !== 'granted') return;
  if (windowOpen && document.visibilityState === 'visible') return;
  const notification = new Notification(title, { body: `${alert.from}: ${alert.text}`, tag: alert.buffer });
  notification.onclick = () => window.focus();
}
