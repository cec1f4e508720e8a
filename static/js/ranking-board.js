/* The ranking board: move the funding line and the running totals while amounts are typed.
   The server computes the same when the amounts are saved; this only shows it sooner. */
(function () {
  "use strict";
  var table = document.getElementById("ranking");
  if (!table) return;
  var budget = Number(table.dataset.budget);
  var line = document.getElementById("funding-line");
  var total = document.getElementById("proposed-total");
  var language = document.documentElement.lang || "nb";
  var format = function (value) {
    var digits = new Intl.NumberFormat("nb-NO").format(value).replace(/\s/g, "\u00a0");
    return language.indexOf("en") === 0
      ? "NOK\u00a0" + new Intl.NumberFormat("en-GB").format(value)
      : digits + "\u00a0kr";
  };

  // Amounts are typed the Norwegian way ("2 900 000", "2 900 000 kr"): only the digits count.
  var parse = function (text) {
    var digits = String(text || "").replace(/\D/g, "");
    return digits ? Number(digits) : 0;
  };

  function update() {
    var running = 0;
    var open = true;
    var lastAbove = null;
    var rows = table.querySelectorAll("tbody tr[data-in-competition='1']");
    rows.forEach(function (row) {
      var input = row.querySelector("input.proposed-input");
      var amount = Number(row.dataset.proposed);
      if (input && input.value !== "") amount = parse(input.value);
      else if (input) amount = parse(input.placeholder);
      running += amount;
      row.querySelector(".running-total").textContent = format(running);
      var above = open && running <= budget;
      if (!above) open = false;
      row.classList.toggle("above-line", above);
      row.classList.toggle("below-line", !above);
      if (above) lastAbove = row;
    });
    var proposed = 0;
    table.querySelectorAll("tbody tr.above-line").forEach(function (row) {
      var input = row.querySelector("input.proposed-input");
      proposed += input ? parse(input.value || input.placeholder) : Number(row.dataset.proposed);
    });
    if (total) total.textContent = format(proposed);
    if (line) {
      if (lastAbove) lastAbove.after(line);
      else table.tBodies[0].prepend(line);
    }
  }

  table.addEventListener("input", function (event) {
    if (event.target.matches("input.proposed-input")) update();
  });
})();
