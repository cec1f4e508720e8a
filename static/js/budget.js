/* The budget page: sums per year, per kind of cost and in all while amounts are typed.
   The server sums the same when the budget is saved, and its figures are the ones that count;
   this only shows them sooner. Amounts are read the way the server reads them
   (applications/amounts.py): "1 500 000", "1 500 000 kr", "1.500.000", "kr 1500000,-". */
(function () {
  "use strict";
  var table = document.querySelector("table[data-budget]");
  if (!table) return;
  var form = table.closest("form");
  var live = form.querySelector("[data-budget-live]");
  var financingNames = ["requested_amount", "own_contribution", "other_public_funding", "private_funding"];
  var MAX_KRONER = 10000000000;
  var english = (document.documentElement.lang || "nb").indexOf("en") === 0;

  function group(value, separator) {
    return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  }

  // As calls/formatting.py format_kroner: "1 500 000 kr" (no-break spaces), "NOK 1,500,000".
  function format(value) {
    return english ? "NOK\u00a0" + group(value, ",") : group(value, "\u00a0") + "\u00a0kr";
  }

  // Whole kroner, 0 for empty, null for what the server would refuse.
  function parse(text) {
    var value = String(text || "").replace(/[\s\u00a0\u202f\u2009]+/g, "").toLowerCase();
    if (value === "") return 0;
    ["nok", "kr."].forEach(function (prefix) {
      if (value.indexOf(prefix) === 0) value = value.slice(prefix.length);
    });
    if (value.indexOf("kr") === 0) value = value.slice(2);
    [",-", ".-", "kroner", "kr.", "kr", "nok"].forEach(function (suffix) {
      if (value.length >= suffix.length && value.slice(-suffix.length) === suffix) {
        value = value.slice(0, -suffix.length);
      }
    });
    if (value.slice(-2) === ",-") value = value.slice(0, -2);
    if (/^\d{1,3}(\.\d{3})+$/.test(value)) value = value.replace(/\./g, "");
    if (!/^\d+$/.test(value)) return null;
    var amount = Number(value);
    return amount > MAX_KRONER ? null : amount;
  }

  function amountOf(input) {
    return (input && parse(input.value)) || 0;
  }

  function kindOf(input) {
    return input.name.replace(/^.*-/, "");
  }

  function totals() {
    var columns = {};
    var costs = 0;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var sum = 0;
      row.querySelectorAll("input.num").forEach(function (input) {
        var amount = amountOf(input);
        sum += amount;
        columns[kindOf(input)] = (columns[kindOf(input)] || 0) + amount;
      });
      var cell = row.querySelector("[data-row-total]");
      if (cell) cell.textContent = format(sum);
      costs += sum;
    });
    var financing = 0;
    financingNames.forEach(function (name) {
      financing += amountOf(form.querySelector("input[name='" + name + "']"));
    });
    return { columns: columns, costs: costs, financing: financing };
  }

  function show() {
    var sums = totals();
    table.querySelectorAll("[data-column-total]").forEach(function (cell) {
      cell.textContent = format(sums.columns[cell.dataset.columnTotal] || 0);
    });
    var costs = table.querySelector("[data-costs-total]");
    if (costs) costs.textContent = format(sums.costs);
    var financing = form.querySelector("[data-financing-total]");
    if (financing) financing.textContent = format(sums.financing);
    return sums;
  }

  // The live region is read out politely: once the person pauses or leaves a field, and only
  // when the sums have changed, never on every keystroke.
  var timer = null;
  function announce() {
    window.clearTimeout(timer);
    timer = null;
    if (!live) return;
    var sums = show();
    var text = live.dataset.template
      .replace("{costs}", format(sums.costs))
      .replace("{financing}", format(sums.financing));
    if (live.textContent !== text) live.textContent = text;
  }

  function isAmount(target) {
    return target.matches && (target.matches("input.num") || financingNames.indexOf(target.name) !== -1);
  }

  form.addEventListener("input", function (event) {
    if (!isAmount(event.target)) return;
    show();
    window.clearTimeout(timer);
    timer = window.setTimeout(announce, 1200);
  });
  form.addEventListener("change", function (event) {
    if (isAmount(event.target)) announce();
  });
})();
