import { Fragment } from 'react';

/** A template with each `<*>` marked as a parameter slot (numbered when `numbered`, to match the parameter list). */
export function TemplateText({ text, numbered = false }: { text: string; numbered?: boolean }) {
  const parts = text.split('<*>');
  return (
    <span className="ls-mono" style={{ wordBreak: 'break-word' }}>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 && (
            <span className="ls-wildcard" title={`parameter ${i + 1}`}>
              {numbered ? `<${i + 1}>` : '<*>'}
            </span>
          )}
        </Fragment>
      ))}
    </span>
  );
}
