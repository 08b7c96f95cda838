// Discarding a draft: the device's copy (answers and photos kept for it) goes with the
// server's, or the device would send it again and bring the draft back.
(function () {
  "use strict";
  const form = document.getElementById("discard-form");
  if (!form || !window.CAS) return;
  let forgotten = false;
  form.addEventListener("submit", async (event) => {
    if (forgotten) return;
    event.preventDefault();
    const uid = form.dataset.deviceUid;
    CAS.store.remove(uid);
    try {
      if (CAS.photos && CAS.photos.forgetForm) await CAS.photos.forgetForm(uid);
    } finally {
      forgotten = true;
      HTMLFormElement.prototype.submit.call(form);
    }
  });
})();
