// Small progressive enhancements; every page works without JavaScript.
(() => {
  const format = (template, values) =>
    template.replace(/\{(\w+)\}/g, (_all, key) => (key in values ? values[key] : `{${key}}`));

  // Move focus to a form's error summary so screen reader and keyboard users meet it first.
  // A #fragment in the address (the skip link's #main, an error link's field) makes the browser
  // focus its target once the page has rendered, after this script: until the person does
  // something, focus goes back to the summary.
  const focusErrorSummary = () => {
    const summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    summary.focus();
    const reclaim = (event) => {
      if (event.target !== summary && event.target.matches(":target")) {
        summary.focus();
      }
    };
    const stop = () => {
      document.removeEventListener("focusin", reclaim);
      document.removeEventListener("keydown", stop, true);
      document.removeEventListener("pointerdown", stop, true);
    };
    document.addEventListener("focusin", reclaim);
    document.addEventListener("keydown", stop, true);
    document.addEventListener("pointerdown", stop, true);
  };

  // Character counters (templates/designsystemet/counter.html). The count describes the field;
  // screen readers hear it only near the limit, after a pause in typing. Text over the limit is
  // kept: the count says by how much, and the form is not sent until the text is shortened (the
  // server checks again).
  const counters = () => {
    const numbers = new Intl.NumberFormat(document.documentElement.lang || "nb");
    document.querySelectorAll("[data-counter-for]").forEach((counter) => {
      const area = document.getElementById(counter.dataset.counterFor);
      if (!area) {
        return;
      }
      const max = Number(counter.dataset.max);
      const near = Math.max(20, Math.round(max / 10));
      const status = document.createElement("p");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      counter.insertAdjacentElement("afterend", status);
      const refusal = document.createElement("div");
      refusal.className = "ds-validation-message";
      refusal.dataset.field = "validation";
      refusal.id = `${area.id}_counter_error`;
      refusal.hidden = true;
      status.insertAdjacentElement("afterend", refusal);

      const describedBy = new Set((area.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean));
      const describe = () => area.setAttribute("aria-describedby", [...describedBy].join(" "));
      describedBy.add(counter.id);
      describe();
      counter.hidden = false;

      // Counted as the server counts: without the spaces at either end, a line break as two.
      const length = () => area.value.trim().replace(/\r?\n/g, "\r\n").length;
      const values = () => {
        const count = length();
        return {
          count: numbers.format(count),
          max: numbers.format(max),
          left: numbers.format(Math.max(0, max - count)),
          over: numbers.format(Math.max(0, count - max)),
          isOver: count > max,
          isNear: max - count <= near,
        };
      };

      let pause;
      let spoken = "";
      const announce = () => {
        const now = values();
        const message = now.isOver
          ? format(counter.dataset.textTooLong, now)
          : now.isNear
            ? format(counter.dataset.textNear, now)
            : "";
        if (message !== spoken) {
          status.textContent = message;
          spoken = message;
        }
      };
      const update = () => {
        const now = values();
        counter.textContent = format(now.isOver ? counter.dataset.textOver : counter.dataset.textCount, now);
        counter.toggleAttribute("data-over", now.isOver);
        if (!now.isOver && !refusal.hidden) {
          refusal.hidden = true;
          describedBy.delete(refusal.id);
          describe();
          area.removeAttribute("aria-invalid");
        }
      };
      area.addEventListener("input", () => {
        update();
        clearTimeout(pause);
        pause = setTimeout(announce, 1000);
      });
      update();

      area.form?.addEventListener("submit", (event) => {
        const now = values();
        if (!now.isOver) {
          return;
        }
        event.preventDefault();
        refusal.innerHTML = "";
        const text = document.createElement("p");
        text.className = "ds-paragraph";
        text.textContent = format(counter.dataset.textRefused, now);
        refusal.append(text);
        refusal.hidden = false;
        describedBy.add(refusal.id);
        describe();
        area.setAttribute("aria-invalid", "true");
        area.focus();
      });
    });
  };

  // Buttons that print the page (a receipt): no inline handlers, the page's policy allows none.
  const printButtons = () => {
    document.querySelectorAll("[data-print]").forEach((button) => {
      button.addEventListener("click", () => window.print());
    });
  };

  document.addEventListener("DOMContentLoaded", () => {
    focusErrorSummary();
    printButtons();
    counters();
  });
})();
