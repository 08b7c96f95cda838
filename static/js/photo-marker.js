// Mark further areas of a protected photo to blur: drag rectangles on it, then send them as
// fractions of the image. Also asks for confirmation before a deletion.
(function () {
  "use strict";
  document.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
  document.querySelectorAll("[data-photo-marker]").forEach((box) => {
    const section = box.closest("section");
    const form = section.querySelector("[data-marker-form]");
    if (!form) return;
    const image = box.querySelector("[data-marker-image]");
    const submit = form.querySelector("[data-marker-submit]");
    form.querySelector("[data-marker-help]").hidden = false;
    const areas = [];
    let start = null;
    let drawing = null;

    function point(event) {
      const rect = image.getBoundingClientRect();
      return {
        x: Math.min(Math.max((event.clientX - rect.left) / rect.width, 0), 1),
        y: Math.min(Math.max((event.clientY - rect.top) / rect.height, 0), 1),
      };
    }
    function place(el, a) {
      el.style.left = `${a.x * 100}%`;
      el.style.top = `${a.y * 100}%`;
      el.style.width = `${a.w * 100}%`;
      el.style.height = `${a.h * 100}%`;
    }
    box.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      start = point(event);
      drawing = document.createElement("div");
      drawing.className = "photo-mark";
      box.appendChild(drawing);
      box.setPointerCapture(event.pointerId);
    });
    box.addEventListener("pointermove", (event) => {
      if (!start) return;
      const p = point(event);
      place(drawing, { x: Math.min(start.x, p.x), y: Math.min(start.y, p.y), w: Math.abs(p.x - start.x), h: Math.abs(p.y - start.y) });
    });
    box.addEventListener("pointerup", (event) => {
      if (!start) return;
      const p = point(event);
      const area = { x: Math.min(start.x, p.x), y: Math.min(start.y, p.y), w: Math.abs(p.x - start.x), h: Math.abs(p.y - start.y) };
      start = null;
      if (area.w < 0.01 || area.h < 0.01) {
        drawing.remove();
        return;
      }
      areas.push(area);
      form.elements.areas.value = JSON.stringify(areas);
      submit.disabled = false;
    });
  });
})();
