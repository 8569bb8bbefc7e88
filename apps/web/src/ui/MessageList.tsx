import { Fragment } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ChatBuffer } from '../irc/chat-types';
import { formatTime, nickColour } from './format';

/**
 * The lines of a window, oldest first, with the "new messages" marker after the last line seen
 * before the window was opened. Sticks to the bottom unless the user scrolled up.
 */
export function MessageList(props: { buffer: ChatBuffer }) {
  const { buffer } = props;
  const ref = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);
  const now = Date.now();
  const firstNew = buffer.lines.findIndex((l) => !l.history && l.seq > buffer.markerSeq && !l.self);
  const showMarker = firstNew > 0 && buffer.markerSeq > 0;

  useEffect(() => {
    const el = ref.current;
    if (el && stuck.current) el.scrollTop = el.scrollHeight;
  });

  return (
    <div
      class="messages"
      ref={ref}
      role="log"
      aria-label={`Messages in ${buffer.name}`}
      onScroll={(e) => {
        const el = e.currentTarget;
        stuck.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {buffer.lines.length === 0 && <p class="empty muted">No messages yet.</p>}
      {buffer.lines.map((line, index) => (
        <Fragment key={line.seq}>
          {showMarker && index === firstNew && (
            <div class="new-marker" role="separator">
              <span>new messages</span>
            </div>
          )}
          <div
            class={`line ${line.kind}${line.mention ? ' mention' : ''}${line.self ? ' self' : ''}${line.history ? ' history' : ''}`}
            data-kind={line.kind}
          >
            <time dateTime={new Date(line.time).toISOString()}>{formatTime(line.time, now)}</time>
            {line.kind === 'message' || line.kind === 'notice' || line.kind === 'whisper' ? (
              <>
                <span class={`from nick-${nickColour(line.from ?? '')}`}>
                  {line.kind === 'notice' ? `-${line.from ?? ''}-` : line.from}
                </span>
                {line.kind === 'whisper' && <span class="tag">whisper</span>}
                <span class="text">{line.text}</span>
              </>
            ) : line.kind === 'action' ? (
              <span class="text">
                * <span class={`from nick-${nickColour(line.from ?? '')}`}>{line.from}</span> {line.text}
              </span>
            ) : (
              <span class="text">{line.text}</span>
            )}
          </div>
        </Fragment>
      ))}
    </div>
  );
}
