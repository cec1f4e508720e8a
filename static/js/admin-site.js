/* Accessibility fixes for the Django admin that need the page as the admin's scripts left it. */
(() => {
  const labelFor = (id) => (id ? document.querySelector(`label[for="${CSS.escape(id)}"]`) : null);

  const labelId = (label) => {
    if (!label.id) {
      label.id = `${label.htmlFor}_label`;
    }
    return label.id;
  };

  // Autocomplete fields (select2) draw a combobox of their own, named only by the value chosen,
  // or not at all while it is empty: name it by the field's label, then the value (4.1.2).
  const nameCombobox = (combobox) => {
    const rendered = combobox.querySelector(".select2-selection__rendered");
    // The shown value is a part of the combobox, not a text box of its own.
    rendered?.removeAttribute("role");
    rendered?.removeAttribute("aria-readonly");
    const select = combobox.closest(".select2-container")?.previousElementSibling;
    const label = select && select.tagName === "SELECT" ? labelFor(select.id) : null;
    if (!label) {
      return;
    }
    const ids = [labelId(label)];
    if (rendered?.id) {
      ids.push(rendered.id);
    }
    combobox.setAttribute("aria-labelledby", ids.join(" "));
  };

  // The search box of an open autocomplete list is named by the field's label too.
  const nameSearch = (search) => {
    const owner = (search.getAttribute("aria-controls") || "").match(/^select2-(.+)-results$/);
    const label = owner ? labelFor(owner[1]) : null;
    if (label && !search.hasAttribute("aria-label")) {
      search.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
    }
  };

  // A split date and time is one field: its two inputs are a group named by the field's label.
  const groupDateTime = (box) => {
    const label = box.closest(".flex-container")?.querySelector(":scope > label:not([for])");
    if (label && !box.hasAttribute("role")) {
      if (!label.id) {
        const input = box.querySelector("input");
        label.id = `${input ? input.id.replace(/_0$/, "") : "datetime"}_group_label`;
      }
      box.setAttribute("role", "group");
      box.setAttribute("aria-labelledby", label.id);
    }
  };

  const mend = (root) => {
    root.querySelectorAll(".select2-selection[role=combobox]").forEach(nameCombobox);
    root.querySelectorAll(".select2-search__field").forEach(nameSearch);
    root.querySelectorAll("p.datetime").forEach(groupDateTime);
  };

  const start = () => {
    mend(document);
    new MutationObserver((changes) => {
      for (const change of changes) {
        change.addedNodes.forEach((node) => {
          if (node.nodeType === Node.ELEMENT_NODE) {
            mend(node.parentElement || node);
          }
        });
      }
    }).observe(document.body, { childList: true, subtree: true });
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
