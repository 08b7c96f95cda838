// A record's page reached from its submission (also when the device's queue sent it, perhaps
// long after it was typed offline): the confirmation takes the focus, so that it is read out.
(function () {
  "use strict";
  const confirmation = document.getElementById("sent-confirmation");
  if (confirmation) confirmation.focus();
})();
