// A minimal headless front end: trade the preview token for the draft's JSON and render it.
// The CMS opens this page as <client URL>?content_type=careers.rolepage&token=…
(function () {
  "use strict";

  var HEADINGS = {
    overview: "Overview",
    skills: "Required skills",
    day_in_the_life: "A day in the life",
    career_path: "Career path",
    salary_table: "Salary",
    apply: "Apply",
    faq: "Frequently asked questions",
    text: "",
  };

  var app = document.getElementById("app");
  var params = new URLSearchParams(window.location.search);
  var token = params.get("token");
  var contentType = params.get("content_type");
  var apiBase = ((window.PREVIEW_CONFIG || {}).apiBase || "").replace(/\/$/, "");

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // Rich text arrives as HTML the CMS has already sanitised; other strings are plain text.
  function html(markup) {
    var div = el("div", { class: "rich-text" });
    div.innerHTML = markup;
    return div;
  }

  function money(n) { return n === null || n === undefined ? "—" : n.toLocaleString("en-US"); }

  function renderValue(type, value) {
    switch (type) {
      case "overview": case "day_in_the_life": case "text":
        return [html(value.body)];
      case "skills":
        return [el("ul", {}, value.items.map(function (s) { return el("li", {}, [s]); }))];
      case "career_path":
        return [el("ol", {}, value.steps.map(function (s) { return el("li", {}, [s]); }))];
      case "salary_table":
        return [el("table", {}, [
          el("thead", {}, [el("tr", {}, ["Level", "Base (" + value.currency + ")"].map(function (h) {
            return el("th", { scope: "col" }, [h]);
          }))]),
          el("tbody", {}, value.rows.map(function (row) {
            return el("tr", {}, [el("th", { scope: "row" }, [row.level]),
              el("td", {}, [money(row.base_min) + "–" + money(row.base_max)])]);
          })),
        ])];
      case "apply":
        return [el("p", {}, [value.text || ""]), el("p", {}, [el("a", { href: "#apply", class: "button" }, [value.button_label || "Apply"])])];
      case "faq":
        return [el("dl", {}, value.items.reduce(function (acc, item) {
          return acc.concat([el("dt", {}, [item.question]), el("dd", {}, [html(item.answer)])]);
        }, []))];
      default:
        return [el("pre", {}, [JSON.stringify(value, null, 2)])];
    }
  }

  function render(page) {
    var children = [el("h1", { id: "title" }, [page.title]), el("p", { class: "intro", id: "intro" }, [page.intro || ""])];
    page.body.forEach(function (block) {
      var heading = (block.value && block.value.heading) || HEADINGS[block.type] || "";
      var section = el("section", { class: "block block-" + block.type, "data-block-id": block.id },
        heading ? [el("h2", {}, [heading])] : []);
      renderValue(block.type, block.value).forEach(function (node) { section.appendChild(node); });
      children.push(section);
    });
    app.replaceChildren.apply(app, children);
    app.setAttribute("data-state", "ready");
    document.title = page.title + " (draft preview)";
  }

  function fail(message) {
    app.replaceChildren(el("p", { class: "error", role: "alert", id: "status" }, [message]));
    app.setAttribute("data-state", "error");
  }

  if (!token || !contentType) {
    fail("Open this page from the page editor: Preview → Headless front end.");
    return;
  }
  var url = apiBase + "/api/preview/?content_type=" + encodeURIComponent(contentType) +
    "&token=" + encodeURIComponent(token);
  fetch(url, { credentials: "omit", headers: { Accept: "application/json" } })
    .then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    })
    .then(function (result) {
      if (result.ok) { render(result.data); } else { fail(result.data.detail || "The preview failed."); }
    })
    .catch(function (error) { fail("Could not reach the CMS: " + error.message); });
})();
