/* Character counters for text areas with data-counter="max" (progressive enhancement). */
document.addEventListener("DOMContentLoaded", () => {
  const lang = document.documentElement.lang || "nb";
  document.querySelectorAll("textarea[data-counter]").forEach((area) => {
    const max = Number(area.dataset.counter);
    const out = document.createElement("p");
    out.className = "ds-paragraph muted";
    out.id = `${area.id}_counter`;
    out.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", out);
    const update = () => {
      const left = max - area.value.length;
      out.textContent = lang === "en"
        ? `${area.value.length} of ${max} characters (${left} left)`
        : `${area.value.length} av ${max} tegn (${left} igjen)`;
    };
    area.addEventListener("input", update);
    update();
  });
});
