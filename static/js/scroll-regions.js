// A table box that scrolls sideways (.table-wrap[role=region]) is a tab stop, so it can be
// scrolled with the keyboard; one that fits is not (WCAG 2.1.1). Loaded by the site's pages and
// the admin's.
(() => {
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
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scrollRegions);
  } else {
    scrollRegions();
  }
})();
