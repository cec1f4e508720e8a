/* The decision on the case page: only the chosen outcome's fields are shown. Without this script
   every field shows and the server ignores the ones the outcome does not use. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-decision-form]");
  if (!form) return;
  var groups = form.querySelectorAll("fieldset[data-outcome]");
  var radios = form.querySelectorAll("input[name='outcome']");

  function update() {
    var chosen = form.querySelector("input[name='outcome']:checked");
    groups.forEach(function (group) {
      var shown = chosen !== null && chosen.value === group.dataset.outcome;
      // Hidden fields are out of the page and out of the form: they are neither read nor sent.
      group.hidden = !shown;
      group.disabled = !shown;
    });
  }

  radios.forEach(function (radio) {
    var group = form.querySelector("fieldset[data-outcome='" + radio.value + "']");
    if (group) radio.setAttribute("aria-controls", group.id);
    radio.addEventListener("change", update);
  });
  update();

  // After a refused decision, the list of what to correct is where the keyboard starts.
  var errors = document.getElementById("decision-errors");
  if (errors) errors.focus();
})();
