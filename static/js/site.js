// Small progressive enhancements; every page works without JavaScript.
(() => {
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
