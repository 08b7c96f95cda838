// The coding screen by keyboard: 1-9 tick or untick a theme, Q goes to the quote, Enter saves
// and opens the next note (from a checkbox, the quote or the page). Selecting text in the
// note copies it into the quote.
(function () {
  "use strict";
  const form = document.getElementById("coding-form");
  if (!form) return;
  const quote = document.getElementById("id_quote");
  const note = document.getElementById("note-text");

  const first = form.querySelector("input[name=themes]");
  if (first && !form.querySelector(".is-invalid")) first.focus();

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const target = event.target;
    const typing = target === quote || target.matches("textarea, select, input[type=text]");
    if (event.key === "Enter" && !event.shiftKey && (typing ? target === quote : true)) {
      if (target.matches("a, button, select")) return; // their own Enter
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (typing) return;
    if (/^[1-9]$/.test(event.key)) {
      const box = form.querySelector(`input[data-key="${event.key}"]`);
      if (box) {
        event.preventDefault();
        box.checked = !box.checked;
        box.focus();
      }
    } else if ((event.key === "q" || event.key === "Q") && quote) {
      event.preventDefault();
      quote.focus();
      quote.select();
    }
  });

  if (note && quote) {
    note.addEventListener("mouseup", () => {
      const selected = String(window.getSelection() || "").trim().replace(/\s+/g, " ");
      if (selected) quote.value = selected.slice(0, Number(quote.maxLength) || 300);
    });
  }
  // Keys work from here on (a test waits for this before it types on a freshly opened note).
  form.dataset.keys = "ready";
})();
