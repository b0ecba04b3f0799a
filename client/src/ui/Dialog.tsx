import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';

interface DialogProps {
  open: boolean;
  /** Escape, or the caller's own Cancel/Close button. */
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
  /** 'alertdialog' for confirmations that interrupt. */
  role?: 'dialog' | 'alertdialog';
  className?: string;
  describedBy?: string;
}

/**
 * A modal dialog on the native <dialog> element: the browser traps focus, makes the rest of the
 * page inert and closes on Escape; focus goes back to where it was. Its content is only
 * rendered while open, so each opening starts from fresh state.
 */
export function Dialog({
  open,
  onClose,
  title,
  children,
  role = 'dialog',
  className,
  describedBy,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
      // showModal focuses the first focusable element; a field marked data-autofocus wins.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && dialog.open) {
      dialog.close();
      // Back to what opened the dialog (a table row, a button), if it is still there.
      const previous = opener.current;
      opener.current = null;
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
    }
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={['ui-dialog', className].filter(Boolean).join(' ')}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open && (
        <>
          <h2 id={titleId} className="ui-dialog__title">
            {title}
          </h2>
          {children}
        </>
      )}
    </dialog>
  );
}
