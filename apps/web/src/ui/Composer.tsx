import { useState } from 'preact/hooks';

/** The input line: Enter sends, Up recalls the last lines sent. */
export function Composer(props: { placeholder: string; disabled: boolean; onSend: (text: string) => void }) {
  const [text, setText] = useState('');
  const [sent, setSent] = useState<string[]>([]);
  const [recall, setRecall] = useState(-1);
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim() === '') return;
        props.onSend(text);
        setSent([text, ...sent].slice(0, 50));
        setRecall(-1);
        setText('');
      }}
    >
      <input
        name="message"
        aria-label="Message"
        autoComplete="off"
        enterKeyHint="send"
        placeholder={props.placeholder}
        disabled={props.disabled}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowUp' && sent.length > 0) {
            const next = Math.min(recall + 1, sent.length - 1);
            setRecall(next);
            setText(sent[next] ?? '');
          } else if (e.key === 'ArrowDown' && recall >= 0) {
            const next = recall - 1;
            setRecall(next);
            setText(next < 0 ? '' : (sent[next] ?? ''));
          }
        }}
      />
      <button type="submit" class="primary" disabled={props.disabled}>
        Send
      </button>
    </form>
  );
}
