// Re-runs the content checks on the unsaved form whenever its data changes.
// Polls the form's serialised data rather than listening for events: StreamField and Draftail
// update hidden inputs without firing the events a listener would need.
(function () {
  "use strict";
  const INTERVAL_MS = 1500;

  function setUp(panel) {
    const url = panel.dataset.url;
    const form = panel.closest("form");
    const results = panel.querySelector("[data-careers-checks-results]");
    if (!url || !form || !results) return;
    let last = new URLSearchParams(new FormData(form)).toString();
    let busy = false;

    function checksUrl() {
      // Once Wagtail's autosave has created a new page, the form posts to that page's edit
      // view: judge that page from then on, or its own slug would read as a clash.
      const edit = /\/pages\/(\d+)\/edit\//.exec(form.getAttribute("action") || "");
      const template = panel.dataset.editUrlTemplate;
      return edit && template ? template.replace("/0/", `/${edit[1]}/`) : url;
    }

    async function refresh(force) {
      if (busy) return;
      const data = new FormData(form);
      const key = new URLSearchParams(data).toString();
      if (!force && key === last) return;
      last = key;
      // After a refused save the editor has seen the errors: the server must not hide them
      // again because the form still matches the new page as it opened.
      if (panel.hasAttribute("data-tried")) data.append("careers-checks-tried", "1");
      busy = true;
      panel.setAttribute("aria-busy", "true");
      try {
        const token = form.querySelector("[name=csrfmiddlewaretoken]");
        const response = await fetch(checksUrl(), {
          method: "POST",
          body: data,
          headers: token ? { "X-CSRFToken": token.value } : {},
          credentials: "same-origin",
        });
        if (response.ok) {
          results.innerHTML = await response.text();
          panel.dispatchEvent(new CustomEvent("careers:checks-updated", { bubbles: true }));
        } else {
          last = null; // a busy or restarting server: try again on the next tick
        }
      } catch (error) {
        last = null;
      } finally {
        busy = false;
        panel.removeAttribute("aria-busy");
      }
    }

    const button = panel.querySelector("[data-careers-checks-refresh]");
    if (button) button.addEventListener("click", () => refresh(true));
    window.setInterval(() => refresh(false), INTERVAL_MS);
  }

  function init() {
    document.querySelectorAll("[data-careers-checks]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
