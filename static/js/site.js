// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to a form's error summary so screen reader and keyboard users meet it first.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
