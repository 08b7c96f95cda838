// Wide tables scroll inside their own box (.table-responsive) on a narrow screen. A box that
// scrolls is made reachable by keyboard (tabindex=0) and named after the table's caption or
// the heading before it, so that keyboard users can scroll it too (WCAG 2.1.1).
(function () {
  "use strict";
  function nameOf(box) {
    const caption = box.querySelector("caption");
    if (caption) return caption.textContent.trim();
    for (let el = box; el && el !== document.body; el = el.parentElement) {
      for (let sib = el.previousElementSibling; sib; sib = sib.previousElementSibling) {
        const heading = sib.matches("h1, h2, h3, h4, h5, h6")
          ? sib : sib.querySelector("h1, h2, h3, h4, h5, h6");
        if (heading) return heading.textContent.trim();
      }
    }
    return "";
  }
  function update() {
    document.querySelectorAll(".table-responsive").forEach((box) => {
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        const name = nameOf(box);
        if (name) box.setAttribute("aria-label", name);
        box.dataset.scrollable = "auto";
      } else if (!scrolls && box.dataset.scrollable === "auto") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        delete box.dataset.scrollable;
      }
    });
  }
  // A list's table (.table-stack) becomes cards on a phone (app.css): each cell is named
  // after its column, the name said before the value.
  function columnName(th) {
    const copy = th.cloneNode(true);
    copy.querySelectorAll(".visually-hidden").forEach((el) => el.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  }
  document.querySelectorAll("table.table-stack").forEach((table) => {
    const head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) return;
    const names = Array.from(head.cells, columnName);
    Array.from(table.tBodies).forEach((body) =>
      Array.from(body.rows).forEach((row) =>
        Array.from(row.cells).forEach((cell, i) => {
          if (names[i] && !cell.hasAttribute("data-label")) cell.dataset.label = names[i];
        }),
      ),
    );
    table.classList.add("stack-ready");
  });
  update();
  window.addEventListener("resize", update); // fired at most once a frame
})();
