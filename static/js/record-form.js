// Record forms: live skip logic, adding related rows, and a confirmation before submitting.
// The server applies the same skip logic, so the form works without this script too.
(function () {
  "use strict";
  const form = document.getElementById("record-form");
  if (!form) return;

  function currentValues(code) {
    return Array.from(form.querySelectorAll(`[name="${code}"]`))
      .filter((el) => (el.type === "radio" || el.type === "checkbox" ? el.checked : true))
      .map((el) => el.value);
  }

  function applySkipLogic() {
    form.querySelectorAll("[data-relevant-code]").forEach((block) => {
      const values = currentValues(block.dataset.relevantCode);
      const relevant = values.includes(block.dataset.relevantValue);
      block.classList.toggle("is-hidden-by-skip", !relevant);
      block.setAttribute("aria-hidden", String(!relevant));
    });
  }

  form.addEventListener("change", applySkipLogic);
  applySkipLogic();

  form.querySelectorAll("[data-add-row]").forEach((button) => {
    const prefix = button.dataset.addRow;
    const rows = form.querySelector(`[data-formset-rows="${prefix}"]`);
    const template = document.getElementById(`${prefix}-empty-row`);
    const total = form.querySelector(`#id_${prefix}-TOTAL_FORMS`);
    button.hidden = false;
    button.addEventListener("click", () => {
      const index = parseInt(total.value, 10);
      const html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const first = rows.lastElementChild.querySelector("input, select");
      if (first) first.focus();
    });
  });

  form.addEventListener("click", (event) => {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });

  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
