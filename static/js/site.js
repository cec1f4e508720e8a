// Small progressive enhancements; every page works without JavaScript.
(() => {
  // Move focus to a form's error summary so screen reader and keyboard users meet it first.
  const focusErrorSummary = () => {
    const summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  };

  // A table box that scrolls sideways is a tab stop, so it can be scrolled with the keyboard;
  // one that fits is not.
  const scrollRegions = () => {
    const boxes = document.querySelectorAll(".table-wrap[role=region]");
    if (!boxes.length || !("ResizeObserver" in window)) {
      return;
    }
    const update = (box) => {
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    };
    const observer = new ResizeObserver((entries) => entries.forEach((entry) => update(entry.target)));
    boxes.forEach((box) => observer.observe(box));
  };

  document.addEventListener("DOMContentLoaded", () => {
    focusErrorSummary();
    scrollRegions();
  });
})();
