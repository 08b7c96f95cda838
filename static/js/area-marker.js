// Drag rectangles on a photo to mark areas to blur. Areas are fractions of the image
// ({x, y, w, h} between 0 and 1), so they hold at any display size and on the stored pixels.
(function () {
  "use strict";
  function place(el, a) {
    Object.assign(el.style, { left: `${a.x * 100}%`, top: `${a.y * 100}%`, width: `${a.w * 100}%`, height: `${a.h * 100}%` });
    return el;
  }
  function mark(a) {
    const el = document.createElement("div");
    el.className = "photo-mark";
    return place(el, a);
  }
  // Calls onArea(area) for each rectangle drawn on `box` over `image`; tiny ones are dropped.
  function attach(box, image, onArea) {
    let start = null;
    let drawing = null;
    function point(event) {
      const rect = image.getBoundingClientRect();
      return {
        x: Math.min(Math.max((event.clientX - rect.left) / rect.width, 0), 1),
        y: Math.min(Math.max((event.clientY - rect.top) / rect.height, 0), 1),
      };
    }
    function area(event) {
      const p = point(event);
      return { x: Math.min(start.x, p.x), y: Math.min(start.y, p.y), w: Math.abs(p.x - start.x), h: Math.abs(p.y - start.y) };
    }
    box.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      start = point(event);
      drawing = box.appendChild(mark({ x: start.x, y: start.y, w: 0, h: 0 }));
      box.setPointerCapture(event.pointerId);
    });
    box.addEventListener("pointermove", (event) => {
      if (start) place(drawing, area(event));
    });
    box.addEventListener("pointerup", (event) => {
      if (!start) return;
      const a = area(event);
      start = null;
      if (a.w < 0.01 || a.h < 0.01) return drawing.remove();
      onArea(a);
    });
  }
  window.CASAreas = { attach, mark };
})();
