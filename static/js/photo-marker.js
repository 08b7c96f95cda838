// Mark further areas of a stored, protected photo to blur (area-marker.js), then send them.
// Also asks for confirmation before a deletion.
(function () {
  "use strict";
  document.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
  document.querySelectorAll("[data-photo-marker]").forEach((box) => {
    const form = box.closest("section").querySelector("[data-marker-form]");
    if (!form || !window.CASAreas) return;
    const submit = form.querySelector("[data-marker-submit]");
    form.querySelector("[data-marker-help]").hidden = false;
    const areas = [];
    CASAreas.attach(box, box.querySelector("[data-marker-image]"), (area) => {
      areas.push(area);
      form.elements.areas.value = JSON.stringify(areas);
      submit.disabled = false;
    });
    // Drags are listened to from here on (a test waits for this before it drags on the photo).
    box.dataset.marker = "ready";
  });
})();
