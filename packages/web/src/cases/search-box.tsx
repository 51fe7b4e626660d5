import { useEffect, useRef, useState } from 'react';

const DEBOUNCE_MS = 300;

/**
 * A search input that reports its value once the user pauses typing (or presses Enter). The
 * committed value lives outside (in the URL); when it changes from outside (back button,
 * "clear filters"), the input follows it.
 */
export function SearchBox({
  value,
  onCommit,
  label,
  placeholder,
}: {
  value: string;
  onCommit: (value: string) => void;
  label: string;
  placeholder: string;
}) {
  const [draft, setDraft] = useState(value);
  const committed = useRef(value);
  const onCommitRef = useRef(onCommit);

  useEffect(() => {
    onCommitRef.current = onCommit;
  });

  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setDraft(value);
    }
  }, [value]);

  useEffect(() => {
    if (draft === committed.current) return;
    const timer = window.setTimeout(() => {
      committed.current = draft;
      onCommitRef.current(draft);
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [draft]);

  return (
    <label className="field field-search">
      <span className="field-label">{label}</span>
      <input
        type="search"
        data-testid="case-search"
        value={draft}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            if (draft !== committed.current) {
              committed.current = draft;
              onCommitRef.current(draft);
            }
          }
        }}
      />
    </label>
  );
}
