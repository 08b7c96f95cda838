// The language switcher returns to this very page, fragment included: an unsaved new form
// keeps its device copy's id in `#draft=…`, so what was typed comes back in the new language.
(function () {
  "use strict";
  const form = document.getElementById("language-switcher");
  if (!form) return;
  form.addEventListener("submit", () => {
    form.elements.next.value = location.pathname + location.search + location.hash;
  });
})();
