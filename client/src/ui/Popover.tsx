import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

interface PopoverProps {
  /** The button's visible content. */
  label: ReactNode;
  /** The button's accessible name when its content is not enough ("Country, 2 selected"). */
  ariaLabel?: string;
  /** The panel's accessible name. */
  panelLabel: string;
  buttonClassName?: string;
  align?: 'start' | 'end';
  children: (close: () => void) => ReactNode;
}

/**
 * A button that opens a small non-modal panel below it (filter pickers, menus). Closes on
 * Escape (focus back on the button) and on a click outside.
 */
export function Popover({
  label,
  ariaLabel,
  panelLabel,
  buttonClassName = 'button',
  align = 'start',
  children,
}: PopoverProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const buttonId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    document.getElementById(buttonId)?.focus();
  };

  return (
    <div className="ui-popover" ref={root}>
      <button
        id={buttonId}
        type="button"
        className={buttonClassName}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={ariaLabel}
        onClick={() => setOpen((was) => !was)}
      >
        {label}
      </button>
      {open && (
        <div
          id={panelId}
          role="group"
          aria-label={panelLabel}
          className={`ui-popover__panel ui-popover__panel--${align}`}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              close();
            }
          }}
        >
          {children(close)}
        </div>
      )}
    </div>
  );
}
